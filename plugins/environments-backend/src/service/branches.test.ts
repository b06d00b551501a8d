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

const component = (name: string, slug?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(slug && { annotations: { 'github.com/project-slug': slug } }),
  },
  spec: { type: 'service', owner: 'group:default/payments' },
});

function lister() {
  return new BranchLister({
    catalog: catalogServiceMock({
      entities: [
        component('ledger', 'acme/ledger'),
        component('no-repo'),
        component('elsewhere', 'other-org/ledger'),
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
  });
});
