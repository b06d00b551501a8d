import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Devstack, startDevstack } from '@runway/devstack';
import {
  GithubClient,
  commitFiles,
  createGithubClient,
} from '@runway/github-node';
import {
  CATALOG_INFO,
  component,
  group,
  user,
} from '../__testUtils__/entities';
import { runDriftCheck } from './DriftCheck';

// A real forge in the same process: give each test room on a busy machine.
jest.setTimeout(60_000);

let devstack: Devstack;
let bot: GithubClient;
const logger = mockServices.logger.mock();

const integrations = () =>
  ScmIntegrations.fromConfig(
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
  );

const check = (
  entities: Entity[],
  overrides: { concurrency?: number; rateLimitReserve?: number } = {},
) =>
  runDriftCheck({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    integrations: integrations(),
    github: {
      host: devstack.urls.githubHost,
      org: 'acme',
      platformConfigRepo: 'platform-config',
      requestTimeoutMs: 10_000,
    },
    logger,
    concurrency: 2,
    retry: { retries: 1, retryAfterBaseValue: 10 },
    // The forge says 4999 of 5000 are left: no reserve below that stops the check.
    rateLimitReserve: 1000,
    ...overrides,
  });

/** A repository in the org with a catalog-info.yaml on main. */
async function repoWithCatalogInfo(name: string) {
  await bot.rest.repos.createInOrg({ org: 'acme', name, auto_init: true });
  await commitFiles(bot, {
    owner: 'acme',
    repo: name,
    files: { 'catalog-info.yaml': CATALOG_INFO(name, 'payments') },
    message: 'Add catalog-info.yaml',
  });
}

const registeredFrom = (name: string) => ({
  'backstage.io/managed-by-location': `url:http://${devstack.urls.githubHost}/acme/${name}/blob/main/catalog-info.yaml`,
});

/** The forge has no delete endpoint: the repository is taken out of its state, as if deleted. */
function deleteRepo(name: string) {
  const { data } = devstack.forge.state;
  data.repos = data.repos.filter(r => r.name !== name);
}

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  bot = await createGithubClient({
    integrations: integrations(),
    host: devstack.urls.githubHost,
    owner: 'acme',
    repo: 'platform-config',
    logger,
    writeIntervalMs: 0,
  });
  for (const name of ['cart', 'ledger', 'search', 'gone-later'])
    await repoWithCatalogInfo(name);
});
afterAll(() => devstack.stop());
afterEach(() => devstack.faults.clear());

const healthy = () => [
  group('payments'),
  group('platform'),
  user('jane'),
  component('cart', 'payments', registeredFrom('cart')),
  component('ledger', 'group:default/platform', {
    'github.com/project-slug': 'acme/ledger',
  }),
  component('search', 'user:jane', registeredFrom('search')),
];

describe('the drift check', () => {
  it('reports nothing on a healthy catalogue', async () => {
    const outcome = await check(healthy());
    expect(outcome).toEqual({
      problems: [],
      undecided: [],
      reasons: [],
      entities: 6,
    });
    expect(devstack.forge.responseViolations).toEqual([]);
  });

  it('reports a Component whose repository was deleted and one whose owner group vanished', async () => {
    deleteRepo('gone-later');
    const entities = [
      ...healthy().filter(e => e.metadata.name !== 'platform'),
      component('gone-later', 'payments', registeredFrom('gone-later')),
    ];
    const { problems } = await check(entities);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'owner-missing',
        entityRef: 'component:default/ledger',
        message:
          'spec.owner is "group:default/platform", and the catalogue has no group:default/platform.',
      }),
      expect.objectContaining({
        kind: 'repository-missing',
        entityRef: 'component:default/gone-later',
        message: `Its repository ${devstack.urls.githubHost}/acme/gone-later does not exist, or Runway's GitHub credentials cannot see it.`,
      }),
    ]);
    expect(problems[0].fix).toContain('Set spec.owner in');
    expect(problems[1].fix).toContain('unregister the entity');
  });

  it('reports a repository that no longer carries the catalog-info.yaml it was registered from', async () => {
    await commitFiles(bot, {
      owner: 'acme',
      repo: 'search',
      files: { 'catalog-info.yaml': null },
      message: 'Remove catalog-info.yaml',
    });
    const { problems } = await check(healthy());
    expect(problems).toEqual([
      {
        kind: 'catalog-info-missing',
        entityRef: 'component:default/search',
        message:
          'acme/search no longer has catalog-info.yaml on main, the file the entity was registered from.',
        fix: "Restore catalog-info.yaml on main of acme/search; if the service's catalog-info.yaml moved, register the new file and unregister the old location.",
      },
    ]);
  });

  it('asks GitHub about each repository and file once, however many Components name them', async () => {
    const asked: string[] = [];
    const realFetch = global.fetch;
    const spy = jest
      .spyOn(global, 'fetch')
      .mockImplementation(async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/repos/acme/cart')) asked.push(new URL(url).pathname);
        return realFetch(input as any, init);
      });
    try {
      const twins = ['cart-api', 'cart-worker', 'cart-jobs'].map(name =>
        component(name, 'payments', registeredFrom('cart')),
      );
      const { problems } = await check([group('payments'), ...twins]);
      expect(problems).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(asked.sort()).toEqual(
      [
        '/api/v3/repos/acme/cart',
        '/api/v3/repos/acme/cart/contents/catalog-info.yaml',
      ].map(p =>
        expect.stringMatching(new RegExp(`${p.replace(/^\/api\/v3/, '')}$`)),
      ),
    );
  });

  it('takes a tree/ registration as a folder or a file (as the catalogue records a registered file), there when GitHub has it', async () => {
    await bot.rest.repos.createInOrg({
      org: 'acme',
      name: 'monorepo',
      auto_init: true,
    });
    await commitFiles(bot, {
      owner: 'acme',
      repo: 'monorepo',
      files: { 'svc/catalog-info.yaml': CATALOG_INFO('svc', 'payments') },
      message: 'Add svc',
    });
    const inTree = (folder: string) => ({
      'backstage.io/managed-by-location': `url:http://${devstack.urls.githubHost}/acme/monorepo/tree/main/${folder}`,
    });
    const { problems } = await check([
      group('payments'),
      component('svc', 'payments', inTree('svc')),
      component('svc-file', 'payments', inTree('svc/catalog-info.yaml')),
      component('old', 'payments', inTree('old')),
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'catalog-info-missing',
        entityRef: 'component:default/old',
      }),
    ]);
  });

  it('names owners that are not entity references or not owners', async () => {
    const { problems } = await check([
      group('payments'),
      component('odd', 'component:cart'),
    ]);
    expect(problems.map(p => p.message)).toEqual([
      'spec.owner is "component:cart", which names a component, not a Group or User.',
    ]);
  });

  it('leaves a repository GitHub could not answer for undecided, not healthy', async () => {
    devstack.injectFault({ target: 'repos/get', status: 500, times: 20 });
    const outcome = await check([
      group('payments'),
      component('cart', 'payments', registeredFrom('cart')),
    ]);
    expect(outcome).toEqual({
      problems: [],
      undecided: [
        'repository-missing component:default/cart',
        'repository-moved component:default/cart',
        'repository-archived component:default/cart',
        'catalog-info-missing component:default/cart',
      ],
      reasons: [
        `Could not read acme/cart on ${devstack.urls.githubHost} (GitHub 500).`,
      ],
      entities: 2,
    });
  });

  it('leaves Components on hosts without a GitHub integration alone', async () => {
    const { problems, undecided } = await check([
      group('payments'),
      component('elsewhere', 'payments', {
        'backstage.io/managed-by-location':
          'url:https://gitlab.example/acme/elsewhere/-/blob/main/catalog-info.yaml',
      }),
    ]);
    expect({ problems, undecided }).toEqual({ problems: [], undecided: [] });
  });

  it('reports a renamed repository with its new name, and still finds its catalog-info.yaml there', async () => {
    await repoWithCatalogInfo('orders');
    await bot.rest.repos.update({
      owner: 'acme',
      repo: 'orders',
      name: 'orders-renamed',
    });
    const { problems, undecided } = await check([
      group('payments'),
      component('orders', 'payments', registeredFrom('orders')),
      component('orders-worker', 'payments', {
        'github.com/project-slug': 'acme/orders',
      }),
    ]);
    expect(undecided).toEqual([]);
    expect(problems).toEqual([
      {
        kind: 'repository-moved',
        entityRef: 'component:default/orders',
        message: `Its repository ${devstack.urls.githubHost}/acme/orders is now ${devstack.urls.githubHost}/acme/orders-renamed: GitHub redirects the old name only until another repository takes it.`,
        fix: `Update the registration and catalog-info URLs to acme/orders-renamed: register https://${devstack.urls.githubHost}/acme/orders-renamed/blob/main/catalog-info.yaml, unregister the old location, and change github.com/project-slug and any other URLs naming acme/orders in its catalog-info.yaml.`,
      },
      expect.objectContaining({
        kind: 'repository-moved',
        entityRef: 'component:default/orders-worker',
        fix: expect.stringContaining(
          'set github.com/project-slug to acme/orders-renamed',
        ),
      }),
    ]);
    expect(devstack.forge.responseViolations).toEqual([]);
  });

  it('reports an archived repository unless the entity is already deprecated', async () => {
    await repoWithCatalogInfo('reports');
    await bot.rest.repos.update({
      owner: 'acme',
      repo: 'reports',
      archived: true,
    });
    const deprecated = component('reports-legacy', 'payments', {
      'github.com/project-slug': 'acme/reports',
    });
    (deprecated.spec as { lifecycle: string }).lifecycle = 'deprecated';
    const { problems } = await check([
      group('payments'),
      component('reports', 'payments', registeredFrom('reports')),
      deprecated,
    ]);
    expect(problems).toEqual([
      {
        kind: 'repository-archived',
        entityRef: 'component:default/reports',
        message: `Its repository ${devstack.urls.githubHost}/acme/reports is archived (read-only), but the entity's lifecycle is not deprecated.`,
        fix: `If the service is retired, unregister the entity; if it stays in the catalogue, set spec.lifecycle to deprecated in http://${devstack.urls.githubHost}/acme/reports/blob/main/catalog-info.yaml (unarchive acme/reports for that commit, then archive it again).`,
      },
    ]);
  });

  it('stops asking GitHub at the rate-limit reserve and leaves the rest undecided, saying why', async () => {
    deleteRepo('gone-later');
    const asked: string[] = [];
    const realFetch = global.fetch;
    const spy = jest
      .spyOn(global, 'fetch')
      .mockImplementation(async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/repos/')) asked.push(new URL(url).pathname);
        return realFetch(input as any, init);
      });
    let outcome;
    try {
      // The forge answers "4999 left": a reserve of 4999 allows the first question only.
      outcome = await check(
        [
          group('payments'),
          component('cart', 'payments', registeredFrom('cart')),
          component('gone-later', 'payments', registeredFrom('gone-later')),
        ],
        { concurrency: 1, rateLimitReserve: 4999 },
      );
    } finally {
      spy.mockRestore();
    }
    expect(asked).toEqual([expect.stringMatching(/\/repos\/acme\/cart$/)]);
    // The deleted repository is not reported deleted: nobody asked.
    expect(outcome.problems).toEqual([]);
    expect(outcome.undecided).toEqual([
      'catalog-info-missing component:default/cart',
      'repository-missing component:default/gone-later',
      'repository-moved component:default/gone-later',
      'repository-archived component:default/gone-later',
      'catalog-info-missing component:default/gone-later',
    ]);
    expect(outcome.reasons).toEqual([
      `Stopped asking GitHub (${devstack.urls.githubHost}, acme) with 4999 requests of its rate limit left, to keep the reserve of 4999 (runway.catalogDrift.rateLimitReserve) for the golden paths; the next run decides the rest.`,
    ]);
  });
});
