import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './__testUtils__/goldenPathBackend';
import { unsignedWebhookProblem } from './signedWebhooks';

const read = (file: string) =>
  parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));

const withTopics = (extra: object) =>
  new ConfigReader({ events: { http: { topics: ['github'] } }, ...extra });

describe('unsignedWebhookProblem', () => {
  it('refuses a GitHub ingress without a secret, naming the key', () => {
    expect(unsignedWebhookProblem(withTopics({}))).toMatch(
      /no secret is set.*events\.modules\.github\.webhookSecret/,
    );
  });

  it('accepts a generic secret, a GitHub App secret, or the devstack opt-in', () => {
    expect(
      unsignedWebhookProblem(
        withTopics({
          events: {
            http: { topics: ['github'] },
            modules: { github: { webhookSecret: 's' } },
          },
        }),
      ),
    ).toBeUndefined();
    expect(
      unsignedWebhookProblem(
        withTopics({
          integrations: {
            github: [
              { host: 'github.com', apps: [{ appId: 1, webhookSecret: 's' }] },
            ],
          },
        }),
      ),
    ).toBeUndefined();
    expect(
      unsignedWebhookProblem(
        withTopics({ runway: { devstack: { allowUnsignedWebhooks: true } } }),
      ),
    ).toBeUndefined();
  });

  it('ignores the devstack opt-in in production, and an App secret without its id', () => {
    const optIn = withTopics({
      runway: { devstack: { allowUnsignedWebhooks: true } },
    });
    expect(unsignedWebhookProblem(optIn, 'production')).toMatch(
      /NODE_ENV is production/,
    );
    expect(unsignedWebhookProblem(optIn, 'development')).toBeUndefined();
    expect(
      unsignedWebhookProblem(
        withTopics({
          integrations: {
            github: [{ host: 'github.com', apps: [{ webhookSecret: 's' }] }],
          },
        }),
      ),
    ).toMatch(/no secret is set/);
  });

  it('leaves production signed: its file sets a secret and does not opt in', () => {
    const local = read('app-config.yaml');
    const production = read('app-config.production.yaml');
    expect(production.runway?.devstack?.allowUnsignedWebhooks).toBe(false);
    expect(production.events.modules.github.webhookSecret).toBe(
      '${GITHUB_WEBHOOK_SECRET}',
    );
    // Production without its secret (the variable unset) must refuse to start.
    const merged = new ConfigReader({
      ...local,
      runway: { ...local.runway, devstack: production.runway.devstack },
    });
    expect(unsignedWebhookProblem(merged)).toMatch(/no secret is set/);
    expect(unsignedWebhookProblem(new ConfigReader(local))).toBeUndefined();
  });
});
