/**
 * The mover's checks before anything changes. The whole move (entity, pull request, Slack,
 * rotations) runs end to end in packages/backend/src/onboarding.test.ts.
 */
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTeamChangePrepareAction } from './teamChangePrepare';

const team = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'runway.dev/cost-center': `cc-${name}` },
  },
  spec: { type: 'team', children: [] },
});

const user = (name: string, teams: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email: `${name}@acme.example` }, memberOf: teams },
  relations: teams.map(t => ({
    type: 'memberOf',
    targetRef: `group:default/${t}`,
  })),
});

const action = () =>
  createTeamChangePrepareAction({
    catalog: catalogServiceMock({
      entities: [
        team('payments'),
        team('storefront'),
        team('platform'),
        user('ada', ['payments']),
        user('bob', ['payments']),
        user('pat', ['platform']),
        user('two-teams', ['payments', 'storefront']),
      ],
    }),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    settings: {
      githubHost: 'github.com',
      githubOrg: 'acme',
      platformConfigRepo: 'platform-config',
      appBaseUrl: 'https://runway.acme.example',
      companyChannels: ['#general'],
      defaultTimeZone: 'Europe/Berlin',
      platformGroup: 'group:default/platform',
      emailDomains: [],
    },
  });

const run = (input: object, by = 'user:default/bob') =>
  action().handler(
    createMockActionContext({ input: input as any, user: { ref: by } }),
  );

describe('runway:team-change:prepare', () => {
  it('refuses a move into the platform team by someone outside it', async () => {
    await expect(
      run({ user: 'user:default/ada', team: 'group:default/platform' }),
    ).rejects.toThrow(
      'team: only a member of group:default/platform moves someone into it (it may do everything in Runway); ask one of them.',
    );
  });

  it('refuses the team they are already in', async () => {
    await expect(
      run(
        { user: 'user:default/ada', team: 'group:default/payments' },
        'user:default/pat',
      ),
    ).rejects.toThrow(
      'team: user:default/ada is already in group:default/payments; pick the team they move to.',
    );
  });

  it('refuses a person in two teams, naming them', async () => {
    await expect(
      run({ user: 'user:default/two-teams', team: 'group:default/platform' }),
    ).rejects.toThrow(
      /user user:default\/two-teams is a member of group:default\/payments and group:default\/storefront; a move needs exactly one team to leave/,
    );
  });

  it('refuses what is not a User of the catalogue', async () => {
    await expect(
      run({ user: 'user:default/nobody', team: 'group:default/storefront' }),
    ).rejects.toThrow(
      'user "user:default/nobody" is not a User of the catalogue; pick the engineer who moves.',
    );
  });
});
