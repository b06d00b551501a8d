import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import yaml from 'yaml';
import { createServicePrepareAction } from './servicePrepare';
import { examples } from './servicePrepare.examples';

jest.setTimeout(30_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

const group = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'team', children: [] },
});

const entities: Entity[] = [
  group('payments', {
    'runway.dev/slack-channel': '#team-payments',
    'runway.dev/cost-center': 'cc-1234',
  }),
  group('data', { 'runway.dev/cost-center': 'cc-3300' }),
  group('nocost', { 'runway.dev/slack-channel': '#team-nocost' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'group:default/payments' },
  },
];

/** The catalogue's answers to the two queries the action makes (the stock mock ignores filters). */
function fakeCatalog() {
  const matches = (entity: Entity, filter: Record<string, unknown>) =>
    Object.entries(filter).every(([key, wanted]) => {
      const actual = key
        .split('.')
        .reduce<any>((value, part) => value?.[part], entity);
      return [wanted].flat().includes(actual);
    });
  return catalogServiceMock.mock({
    getEntities: async request => ({
      items: entities.filter(e =>
        matches(e, (request?.filter ?? {}) as Record<string, unknown>),
      ),
    }),
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        entities.find(e => stringifyEntityRef(e) === ref),
      ),
    }),
  });
}

function action() {
  const config = new ConfigReader({
    integrations: {
      github: [
        {
          host: devstack.urls.githubHost,
          apiBaseUrl: devstack.urls.githubApi,
          token: devstack.githubToken,
        },
      ],
    },
  });
  return createServicePrepareAction({
    catalog: fakeCatalog(),
    integrations: ScmIntegrations.fromConfig(config),
    settings: {
      githubHost: devstack.urls.githubHost,
      githubOrg: 'acme',
      platformConfigRepo: 'platform-config',
      grafanaBaseUrl: 'https://grafana.acme.example',
      imageRegistry: 'ghcr.io/acme',
      appBaseUrl: 'http://localhost:3000',
    },
  });
}

async function run(name: string, owner = 'group:default/payments') {
  const ctx = createMockActionContext({ input: { name, owner } });
  await action().handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

it('answers what the template needs for a free name', async () => {
  expect(await run('ledger')).toEqual({
    githubHost: devstack.urls.githubHost,
    githubOrg: 'acme',
    repoUrl: `${devstack.urls.githubHost}?owner=acme&repo=ledger`,
    platformConfigRepoUrl: `${devstack.urls.githubHost}?owner=acme&repo=platform-config`,
    grafanaBaseUrl: 'https://grafana.acme.example',
    imageRegistry: 'ghcr.io/acme',
    ownerName: 'payments',
    ownerRef: 'group:default/payments',
    costCenter: 'cc-1234',
    slackChannel: '#team-payments',
    entityUrl: 'http://localhost:3000/catalog/default/component/ledger',
    docsUrl: 'http://localhost:3000/docs/default/component/ledger',
  });
});

it('gives an empty channel (so the message becomes a notification) when the team has none', async () => {
  expect(await run('ledger', 'group:default/data')).toMatchObject({
    slackChannel: '',
    costCenter: 'cc-3300',
  });
});

it.each([
  [
    'Ledger',
    'name: Capital letters are not allowed. Use lower-case letters, digits and dashes. Try "ledger".',
  ],
  [
    'led ger',
    'name: Spaces are not allowed. Use lower-case letters, digits and dashes. Try "led-ger".',
  ],
  [
    'a'.repeat(41),
    'name: Too long at 41 characters; shorten it by 1 to at most 40.',
  ],
  [
    'x"}\nmodule "evil" {',
    'name: Spaces, "\\"", "}" and "{" are not allowed. Use lower-case letters, digits and dashes. Try "x-module-evil".',
  ],
  [
    'x${var.secret}',
    'name: "$", "{", "." and "}" are not allowed. Use lower-case letters, digits and dashes. Try "x-var-secret".',
  ],
  [
    '../etc',
    'name: "." and "/" are not allowed. Use lower-case letters, digits and dashes. Try "etc".',
  ],
  ['2fa', 'name: Must start with a letter, not "2". Try "fa".'],
])(
  "refuses the name %j, naming the field before the form's wording",
  async (name, message) => {
    await expect(run(name)).rejects.toMatchObject({
      name: 'InputError',
      message,
    });
  },
);

it('refuses a name the catalogue already has, whatever its kind', async () => {
  await expect(run('payments-api')).rejects.toThrow(
    'name "payments-api" is already in the catalogue (Component, owned by group:default/payments); choose another name.',
  );
  await expect(run('checkout')).rejects.toThrow(
    /already in the catalogue \(System/,
  );
});

it('refuses a name whose repository already exists on the forge', async () => {
  await expect(run('platform-config')).rejects.toThrow(
    /the repository acme\/platform-config already exists on .* but is not in the catalogue/,
  );
});

it.each([
  [
    'group:default/nobody',
    /^owner group:default\/nobody is not in the catalogue/,
  ],
  [
    'user:default/jane',
    /^owner "user:default\/jane" is a user; the owner must be a team/,
  ],
  [
    'group:default/nocost',
    /^owner group:default\/nocost has no runway.dev\/cost-center annotation/,
  ],
])('refuses the owner %s', async (owner, message) => {
  await expect(run('ledger', owner)).rejects.toMatchObject({
    name: 'InputError',
    message: expect.stringMatching(message),
  });
});

it.each(examples.map(e => [e.description, e] as const))(
  'example "%s" runs with the form values filled in',
  async (_description, example) => {
    const { steps } = yaml.parse(example.example);
    const { input } = steps.find(
      (s: { action: string }) => s.action === 'runway:service:prepare',
    );
    expect(input).toEqual({
      name: '${{ parameters.name }}',
      owner: '${{ parameters.owner }}',
    });
    expect(await run('ledger', 'group:default/payments')).toMatchObject({
      repoUrl: `${devstack.urls.githubHost}?owner=acme&repo=ledger`,
    });
  },
);
