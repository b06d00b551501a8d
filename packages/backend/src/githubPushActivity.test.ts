/**
 * A GitHub push webhook reaches the environments plugin as activity, wired as Runway's backend
 * wires it: the events backend's HTTP ingress, the GitHub module's signature check and topic
 * router, and the environments plugin's subscription to `github.push`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import environmentsPlugin, {
  environmentsClockServiceRef,
} from '@runway/plugin-environments-backend';
import request from 'supertest';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from './__testUtils__/databases';

jest.setTimeout(120_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

// The module's default export is a feature loader whose import() Jest cannot run without
// --experimental-vm-modules; these are the two modules it loads (ingress with signature check, router).
const githubModuleDir = path.dirname(
  require.resolve('@backstage/plugin-events-backend-module-github'),
);
const githubEventsModules: BackendFeature[] = [
  'service/eventsModuleGithubWebhook.cjs.js',
  'service/eventsModuleGithubEventRouter.cjs.js',
].map(file => require(path.join(githubModuleDir, file)).default);

const SECRET = 'webhook-secret-for-tests';
const CREATED = new Date('2026-11-02T09:00:00Z');
const PUSHED = new Date('2026-11-03T15:30:00Z');
const WEBHOOK = '/api/events/http/github';
const ENVIRONMENT = '/api/environments/environments/pr-42-checkout';

const checkoutApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    annotations: { 'github.com/project-slug': 'acme/checkout-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

/** What GitHub sends for a push (the fields Runway reads, and a few it does not). */
const pushBody = (branch: string, commit: string) =>
  JSON.stringify({
    ref: `refs/heads/${branch}`,
    before: '0000000000000000000000000000000000000000',
    after: commit,
    created: false,
    deleted: false,
    repository: {
      full_name: 'Acme/checkout-api',
      html_url: 'https://github.com/Acme/checkout-api',
    },
    pusher: { name: 'jane', email: 'jane@acme.example' },
  });

const signature = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function startBackend(databaseId: TestDatabaseId) {
  let now = CREATED;
  const backend = await startTestBackend({
    features: [
      eventsPlugin,
      ...githubEventsModules,
      environmentsPlugin,
      // The events service Runway's backend gets from backend-defaults: one bus for all plugins.
      eventsServiceFactory,
      // A database per plugin, as in production (in one database their migrations race on PostgreSQL).
      createServiceFactory({
        service: coreServices.database,
        deps: {},
        factory: async () => {
          const knex = await databases.init(databaseId);
          return { getClient: async () => knex };
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          // app-config.yaml and app-config.production.yaml merged.
          events: {
            // The event bus's long poll holds the server open this long on stop (default 55 s).
            notifyTimeoutMs: 500,
            http: { topics: ['github'] },
            modules: { github: { webhookSecret: SECRET } },
          },
          runway: { environments: { sweepEnabled: false } },
        },
      }),
      catalogServiceMock.factory({ entities: [checkoutApi] }),
      // Jane is in the payments team: environments are recorded by a person of the owner team.
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/jane',
          ownershipEntityRefs: ['user:default/jane', 'group:default/payments'],
        }),
      }).factory,
      createServiceFactory({
        service: environmentsClockServiceRef,
        deps: {},
        factory: () => ({ now: () => new Date(now) }),
      }),
    ],
  });
  const server = backend.server;

  const created = await request(server)
    .post('/api/environments/environments')
    .set('Authorization', mockCredentials.user.header('user:default/jane'))
    .send({
      name: 'pr-42-checkout',
      type: 'feature',
      ownerTeam: 'group:default/payments',
      services: [
        { entityRef: 'component:default/checkout-api', branch: 'pr-42' },
      ],
    });
  expect(created.status).toBe(201);
  now = PUSHED;

  return {
    stop: () => backend.stop(),
    /** Posts a push delivery as GitHub does; `signed: null` sends no signature header. */
    deliver: (body: string, signed: string | null = signature(body)) => {
      const req = request(server)
        .post(WEBHOOK)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'push')
        .set('X-GitHub-Delivery', randomUUID());
      if (signed !== null) req.set('X-Hub-Signature-256', signed);
      return req.send(body);
    },
    environment: async () => {
      const res = await request(server)
        .get(ENVIRONMENT)
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      return res.body as {
        lastActivityAt: string;
        events: Array<{ type: string; details?: { commit?: string } }>;
      };
    },
  };
}

type Backend = Awaited<ReturnType<typeof startBackend>>;
type Environment = Awaited<ReturnType<Backend['environment']>>;

/** Reads the environment until a push's activity is recorded (delivery may be asynchronous). */
async function afterActivity(b: Backend): Promise<Environment> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const env = await b.environment();
    const seen = env.events.some(e => e.type === 'activity');
    if (seen || Date.now() > deadline) return env;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

const activities = (env: Environment) =>
  env.events.filter(e => e.type === 'activity');

describe.each(databases.eachSupportedId())(
  'GitHub push webhooks on %s',
  databaseId => {
    let b: Backend;
    beforeEach(async () => {
      b = await startBackend(databaseId);
    });
    afterEach(() => b.stop());

    it('records a signed push to the branch an environment deploys as activity, at the time it arrives', async () => {
      const res = await b.deliver(pushBody('pr-42', 'c0ffee1'));
      expect(res.status).toBe(202);

      const env = await afterActivity(b);
      expect(env.lastActivityAt).toBe(PUSHED.toISOString());
      expect(activities(env)).toEqual([
        expect.objectContaining({
          at: PUSHED.toISOString(),
          actor: 'jane',
          details: {
            kind: 'push',
            repository: 'acme/checkout-api',
            branch: 'pr-42',
            commit: 'c0ffee1',
          },
        }),
      ]);
    });

    it('refuses a push that is unsigned or signed with another secret, and records nothing from it', async () => {
      const body = pushBody('pr-42', 'bad5160');
      const forged = await b.deliver(body, signature(body, 'guessed-secret'));
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({ message: 'invalid signature' });
      expect((await b.deliver(body, null)).status).toBe(403);

      // The same body, correctly signed, gets through once: the refusals were the signature's doing.
      expect((await b.deliver(body)).status).toBe(202);
      const env = await afterActivity(b);
      expect(activities(env).map(e => e.details?.commit)).toEqual(['bad5160']);
    });

    it('ignores a push to a branch no environment deploys', async () => {
      expect((await b.deliver(pushBody('main', 'ma1n001'))).status).toBe(202);

      // A later push to the deployed branch is recorded alone: the push to main was delivered and ignored.
      expect((await b.deliver(pushBody('pr-42', 'c0ffee2'))).status).toBe(202);
      const env = await afterActivity(b);
      expect(activities(env).map(e => e.details?.commit)).toEqual(['c0ffee2']);
    });
  },
);
