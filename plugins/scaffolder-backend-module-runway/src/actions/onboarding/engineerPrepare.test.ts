import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Octokit } from '@octokit/rest';
import { Devstack, openPullRequest, startDevstack } from '@runway/devstack';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createEngineerPrepareAction } from './engineerPrepare';

const user = (
  name: string,
  email: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations },
  spec: {
    profile: { email, displayName: name.replace('-', ' ') },
    memberOf: [],
  },
});

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      title: 'Payments',
      annotations: {
        'runway.dev/slack-channel': '#team-payments',
        'runway.dev/cost-center': 'cc-1234',
        'runway.dev/standup-usergroup': 'payments',
        'runway.dev/time-zone': 'Europe/Berlin',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'platform',
      annotations: { 'runway.dev/cost-center': 'cc-1000' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'nocost' },
    spec: { type: 'team', children: [] },
  },
  user('grace-liu', 'grace.liu@acme.example', {
    'github.com/user-login': 'graceliu',
  }),
  user('priya-raman', 'priya.raman@acme.example'),
  // Onboarded before by Runway: the same person's re-run may reuse the login.
  user('ada-lovelace', 'ada@acme.example', {
    'github.com/user-login': 'ada-l',
    'runway.dev/idp-user-id': '00u-ada',
  }),
];

jest.setTimeout(60_000);

let devstack: Devstack;
let action: ReturnType<typeof createEngineerPrepareAction>;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  action = createEngineerPrepareAction({
    catalog: catalogServiceMock({ entities }),
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
    settings: {
      githubHost: devstack.urls.githubHost,
      githubOrg: 'acme',
      platformConfigRepo: 'platform-config',
      appBaseUrl: 'https://runway.acme.example',
      companyChannels: ['#general', '#team-payments'],
      defaultTimeZone: 'UTC',
      platformGroup: 'group:default/platform',
      emailDomains: ['acme.example'],
    },
  });
});
afterAll(() => devstack.stop());

const input = {
  idpUserId: '00u-ada',
  name: 'Ada Lovelace',
  email: 'ada@acme.example',
  githubLogin: 'Ada-L',
  team: 'payments',
  manager: 'Grace.Liu@acme.example',
  buddy: 'priya.raman@acme.example',
  startDate: '2027-01-04',
};

async function run(patch: object = {}, asPerson = false) {
  const ctx = createMockActionContext({ input: { ...input, ...patch } });
  // Runs start from the identity provider's event, as the onboarding plugin's service.
  ctx.getInitiatorCredentials = async () =>
    asPerson
      ? mockCredentials.user()
      : mockCredentials.service('plugin:onboarding');
  await action.handler(ctx as any);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

describe('runway:engineer:prepare', () => {
  it('answers what the rest of the onboarding needs', async () => {
    expect(await run()).toEqual({
      login: 'Ada-L',
      terraformFile: 'engineer-ada-l.tf',
      moduleName: 'engineer-ada-l',
      platformConfigRepoUrl: `${devstack.urls.githubHost}?owner=acme&repo=platform-config`,
      teamRef: 'group:default/payments',
      teamSlug: 'payments',
      teamTitle: 'Payments',
      costCenter: 'cc-1234',
      channels: ['team-payments', 'general'],
      usergroups: ['payments'],
      timeZone: 'Europe/Berlin',
      manager: { name: 'grace liu', email: 'grace.liu@acme.example' },
      managerRef: 'user:default/grace-liu',
      buddy: { name: 'priya raman', email: 'priya.raman@acme.example' },
      buddyRef: 'user:default/priya-raman',
      welcomers: ['user:default/grace-liu', 'user:default/priya-raman'],
      teamPageUrl: 'https://runway.acme.example/catalog/default/group/payments',
      newHirePageUrl: 'https://runway.acme.example/onboarding/hires/00u-ada',
    });
  });

  it('takes the person’s own time zone over the team’s', async () => {
    expect((await run({ timeZone: 'Asia/Tokyo' })).timeZone).toBe('Asia/Tokyo');
  });

  it('refuses a login whose access another person’s open pull request proposes', async () => {
    const octokit = new Octokit({
      auth: devstack.githubToken,
      baseUrl: devstack.urls.githubApi,
    });
    const pull = await openPullRequest(octokit, {
      owner: 'acme',
      repo: 'platform-config',
      branch: 'runway/engineer-taken',
      files: { 'engineers/engineer-taken.tf': '# proposed\n' },
      title: 'Onboard taken',
    });
    await octokit.rest.pulls.update({
      owner: 'acme',
      repo: 'platform-config',
      pull_number: pull.number,
      body: 'Identity provider id: 00u-someone-else',
    });
    await expect(run({ githubLogin: 'taken' })).rejects.toThrow(
      /^githubLogin: taken is already proposed for someone else in http.*\/pull\/\d+/,
    );
    // The same person's own pull request (a re-run) is theirs to update.
    await octokit.rest.pulls.update({
      owner: 'acme',
      repo: 'platform-config',
      pull_number: pull.number,
      body: 'Identity provider id: 00u-ada',
    });
    expect((await run({ githubLogin: 'taken' })).login).toBe('taken');
  });

  it('keeps the platform team for onboardings a person starts from the form', async () => {
    await expect(run({ team: 'platform' })).rejects.toThrow(
      /^team group:default\/platform is the platform team, .*A platform member starts this onboarding from the form/,
    );
    expect((await run({ team: 'platform' }, true)).teamSlug).toBe('platform');
  });

  it.each([
    [
      { email: 'ada@gmail.example' },
      /^email: ada@gmail\.example is not at acme\.example/,
    ],
    [
      { email: 'grace.liu@acme.example' },
      /^email: grace\.liu@acme\.example belongs to user:default\/grace-liu/,
    ],
    [
      { team: 'group:default/nobody' },
      /^team group:default\/nobody is not in the catalogue/,
    ],
    [
      { team: 'nocost' },
      /^team group:default\/nocost has no runway\.dev\/cost-center annotation/,
    ],
    [{ email: '' }, /^email: missing; set the work e-mail/],
    [
      { githubLogin: 'has space' },
      /^githubLogin: "has space" is not a GitHub login/,
    ],
    [
      { githubLogin: 'GraceLiu' },
      /^githubLogin: GraceLiu belongs to user:default\/grace-liu/,
    ],
    [
      { manager: 'nobody@acme.example' },
      /^manager: nobody in the catalogue has the e-mail nobody@acme\.example/,
    ],
    [
      { buddy: 'ghost@acme.example' },
      /^buddy: nobody in the catalogue has the e-mail ghost@acme\.example/,
    ],
    [{ startDate: '04/01/2027' }, /^startDate: missing or not a date/],
    [
      { timeZone: 'Mars/Olympus' },
      /^timeZone "Mars\/Olympus" is not an IANA time zone/,
    ],
  ])('refuses %j, naming the field and the fix', async (patch, message) => {
    await expect(run(patch)).rejects.toThrow(message);
  });
});
