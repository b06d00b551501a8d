import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Devstack, startDevstack } from '@runway/devstack';
import { BranchLister } from './branches';

jest.setTimeout(60_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

/** A Component registered from `from`'s default branch (default: the repository it names). */
const component = (name: string, slug?: string, from = slug) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(slug && {
      annotations: {
        'github.com/project-slug': slug,
        'backstage.io/managed-by-location': `url:https://${devstack.urls.githubHost}/${from}/blob/main/catalog-info.yaml`,
      },
    }),
  },
  spec: { type: 'service', owner: 'group:default/payments' },
});

function lister(
  options: { now?: () => number; lookupsPerMinute?: number } = {},
) {
  return new BranchLister({
    ...options,
    catalog: catalogServiceMock({
      entities: [
        component('ledger', 'acme/ledger'),
        component('no-repo'),
        component('elsewhere', 'other-org/ledger'),
        // Registered from the attacker's own repository, naming another.
        component('probe', 'acme/ledger', 'acme/mallory'),
        component('dots', 'acme/..'),
      ],
    }),
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: devstack.urls.githubHost,
              apiBaseUrl: devstack.urls.githubApi,
              token: devstack.githubToken,
            },
          ],
        },
      }),
    ),
    github: {
      host: devstack.urls.githubHost,
      org: 'acme',
      platformConfigRepo: 'platform-config',
      writeIntervalMs: 0,
      requestTimeoutMs: 5_000,
    },
    logger: mockServices.logger.mock(),
  });
}

const forge = (path: string, method = 'GET', body?: object) =>
  fetch(`${devstack.urls.githubApi}${path}`, {
    method,
    headers: {
      Authorization: `token ${devstack.githubToken}`,
      'Content-Type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });

describe('BranchLister', () => {
  it('lists the repository’s branches, its default branch first, from GitHub', async () => {
    expect(
      (
        await forge('/orgs/acme/repos', 'POST', {
          name: 'ledger',
          auto_init: true,
        })
      ).status,
    ).toBe(201);
    const main = (await (
      await forge('/repos/acme/ledger/branches/main')
    ).json()) as {
      commit: { sha: string };
    };
    for (const branch of ['zz-last', 'feature/refunds', 'bugfix-1']) {
      const made = await forge('/repos/acme/ledger/git/refs', 'POST', {
        ref: `refs/heads/${branch}`,
        sha: main.commit.sha,
      });
      expect(made.status).toBe(201);
    }
    expect(
      await lister().list('component:default/ledger', mockCredentials.user()),
    ).toEqual({
      repository: 'acme/ledger',
      defaultBranch: 'main',
      branches: ['main', 'bugfix-1', 'feature/refunds', 'zz-last'],
    });
  });

  it('says plainly why it cannot list, naming the field', async () => {
    await expect(
      lister().list('component:default/missing', mockCredentials.user()),
    ).rejects.toThrow(
      /^entityRef: component:default\/missing is no Component of the catalogue that you may see/,
    );
    await expect(
      lister().list('component:default/no-repo', mockCredentials.user()),
    ).rejects.toThrow(
      /^entityRef: component:default\/no-repo names no GitHub repository/,
    );
    // Runway's credentials are for its own organisation only.
    await expect(
      lister().list('component:default/elsewhere', mockCredentials.user()),
    ).rejects.toThrow(/is outside acme, the organisation Runway deploys from/);
    await expect(
      lister().list('component:default/dots', mockCredentials.user()),
    ).rejects.toThrow(/names no GitHub repository/);
  });

  it('lists only the repository a Component was registered from, as environment:create deploys', async () => {
    await expect(
      lister().list('component:default/probe', mockCredentials.user()),
    ).rejects.toThrow(
      /^entityRef: component:default\/probe names acme\/ledger as its repository .* but was read from url:.*acme\/mallory/,
    );
  });

  it('answers from memory for a minute, and limits each person’s lookups', async () => {
    let now = 1_000_000;
    const branches = lister({ now: () => now, lookupsPerMinute: 1 });
    const ada = mockCredentials.user('user:default/ada');
    const first = await branches.list('component:default/ledger', ada);
    expect(
      (
        await forge('/repos/acme/ledger/git/refs', 'POST', {
          ref: 'refs/heads/later',
          sha: (
            (await (
              await forge('/repos/acme/ledger/branches/main')
            ).json()) as { commit: { sha: string } }
          ).commit.sha,
        })
      ).status,
    ).toBe(201);
    // Within the minute: the same answer, without asking GitHub (or counting a lookup).
    expect(await branches.list('component:default/ledger', ada)).toEqual(first);
    now += 61_000;
    expect(
      (await branches.list('component:default/ledger', ada)).branches,
    ).toContain('later');
    // A person past their lookups for the minute is refused before GitHub is asked.
    await expect(
      lister({ now: () => now, lookupsPerMinute: 0 }).list(
        'component:default/ledger',
        ada,
      ),
    ).rejects.toThrow(
      /user:default\/ada listed the branches of 0 repositories in the last minute; wait a minute/,
    );
  });
});
