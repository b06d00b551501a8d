/**
 * Microsoft Graph on a started test backend: the validation echo, clientState on every
 * notification, the person read from Graph (notifications carry only the id), one run per
 * person across replays and other triggers, offboarding a deleted user, and the subscription
 * created, renewed, reauthorized and made again. Graph and Entra's token endpoint are a local
 * server here; the scaffolder records the tasks it is asked for.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { eventually, recordingScaffolder } from './__testUtils__/testBackend';
import { OnboardingStore } from './database/OnboardingStore';
import onboardingPlugin from './index';
import { GraphClient } from './runs/GraphClient';
import { GraphSubscriptionKeeper } from './runs/GraphSubscriptionKeeper';
import { graphUpdateRequest } from './triggers/graph';

const CLIENT_STATE = 'graph-client-state-0123456789';

/** Entra's token endpoint and the parts of Graph onboarding uses. */
async function startGraph() {
  const calls: string[] = [];
  const users: Record<string, any> = {
    'aad-ada': {
      id: 'aad-ada',
      displayName: 'Ada Lovelace',
      mail: 'ada@acme.example',
      department: 'payments',
      employeeHireDate: '2027-01-04T00:00:00Z',
      // Created today: a new hire.
      createdDateTime: new Date().toISOString(),
      onPremisesExtensionAttributes: { extensionAttribute1: 'ada-l' },
    },
  };
  const subscriptions = new Map<string, { expirationDateTime: string }>();
  let next = 0;
  const app = express();
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.use((req, _res, nextFn) => {
    calls.push(`${req.method} ${req.path}`);
    nextFn();
  });
  app.post('/token', (req, res) => {
    if (req.body.client_secret !== 'graph-client-secret') {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    res.json({ access_token: 'graph-access-token', expires_in: 3600 });
  });
  const authorized: express.RequestHandler = (req, res, nextFn) =>
    req.header('authorization') === 'Bearer graph-access-token'
      ? nextFn()
      : res.status(401).json({ error: { message: 'no token' } });
  app.get('/v1.0/users/:id/manager', authorized, (_req, res) => {
    res.json({ mail: 'grace.liu@acme.example' });
  });
  app.get('/v1.0/users/:id', authorized, (req, res) => {
    const user = users[req.params.id];
    if (!user)
      res.status(404).json({ error: { message: 'Resource not found' } });
    else res.json(user);
  });
  app.post('/v1.0/subscriptions', authorized, (req, res) => {
    const id = `sub-${++next}`;
    subscriptions.set(id, { expirationDateTime: req.body.expirationDateTime });
    res.status(201).json({ id, ...req.body });
  });
  app.patch('/v1.0/subscriptions/:id', authorized, (req, res) => {
    if (!subscriptions.has(req.params.id)) {
      res.status(404).json({ error: { message: 'gone' } });
      return;
    }
    subscriptions.set(req.params.id, req.body);
    res.json({ id: req.params.id, ...req.body });
  });
  app.post('/v1.0/subscriptions/:id/reauthorize', authorized, (_req, res) => {
    res.status(204).end();
  });
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    users,
    subscriptions,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

const graphSettings = (url: string) => ({
  tenantId: 'acme-tenant',
  clientId: 'runway-app',
  clientSecret: 'graph-client-secret',
  clientState: CLIENT_STATE,
  notificationUrl:
    'https://runway.acme.example/api/onboarding/graph/notifications',
  apiBaseUrl: `${url}/v1.0`,
  tokenUrl: `${url}/token`,
});

describe('Microsoft Graph change notifications', () => {
  let graph: Awaited<ReturnType<typeof startGraph>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let tasks: ReturnType<typeof recordingScaffolder>['tasks'];

  beforeEach(async () => {
    graph = await startGraph();
    const scaffolder = recordingScaffolder();
    tasks = scaffolder.tasks;
    backend = await startTestBackend({
      features: [
        onboardingPlugin,
        scaffolder.plugin,
        mockServices.rootConfig.factory({
          data: {
            runway: {
              onboarding: {
                graph: graphSettings(graph.url),
                hrWebhook: { secret: 'hr-webhook-secret-0123456789' },
              },
            },
          },
        }),
      ],
    });
  });
  afterEach(async () => {
    await backend.stop();
    await graph.stop();
  });

  const notify = (notifications: object[]) =>
    request(backend.server)
      .post('/api/onboarding/graph/notifications')
      .send({ value: notifications });
  const change = (
    changeType: string,
    userId: string,
    state = CLIENT_STATE,
  ) => ({
    subscriptionId: 'sub-1',
    clientState: state,
    changeType,
    resource: `Users/${userId}`,
    resourceData: { '@odata.type': '#Microsoft.Graph.User', id: userId },
    tenantId: 'acme-tenant',
  });
  const runs = async () =>
    (
      await request(backend.server)
        .get('/api/onboarding/runs')
        .set('Authorization', mockCredentials.user.header())
    ).body.runs as any[];

  it('echoes the validation token as text/plain', async () => {
    const res = await request(backend.server)
      .post(
        '/api/onboarding/graph/notifications?validationToken=Validation%3A%20Testing%20client%20application',
      )
      .set('Content-Type', 'text/plain');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('Validation: Testing client application');
  });

  it('onboards a created user once, read from Graph, whatever is replayed', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await notify([change('created', 'aad-ada')])).status).toBe(202);
    }
    // Graph also says "updated" for new users: the same request, nothing more.
    await notify([change('updated', 'aad-ada')]);
    const [run] = await eventually(runs, r => r[0]?.state === 'started');
    expect(await runs()).toHaveLength(1);
    expect(run).toMatchObject({ source: 'graph', kind: 'onboard' });
    expect(tasks).toEqual([
      {
        templateRef: 'template:default/engineer-onboarding',
        values: {
          idpUserId: 'aad-ada',
          name: 'Ada Lovelace',
          email: 'ada@acme.example',
          githubLogin: 'ada-l',
          team: 'payments',
          startDate: '2027-01-04',
          manager: 'grace.liu@acme.example',
          runId: expect.any(String),
        },
        auth: expect.stringMatching(/^Bearer /),
      },
    ]);
  });

  it('offboards a user whose account was disabled (an update), and ignores other updates', async () => {
    await notify([change('created', 'aad-ada')]);
    await eventually(runs, r => r[0]?.state === 'started');
    // An ordinary update: nothing to do.
    await notify([change('updated', 'aad-ada')]);
    graph.users['aad-ada'].accountEnabled = false;
    expect((await notify([change('updated', 'aad-ada')])).status).toBe(202);
    const offboard = await eventually(
      async () => (await runs()).find(r => r.kind === 'offboard'),
      r => r?.state === 'started',
    );
    expect(offboard.person).toMatchObject({ githubLogin: 'ada-l' });
    expect((await runs()).map(r => r.kind).sort()).toEqual([
      'offboard',
      'onboard',
    ]);
  });

  it('onboards a new user Graph reports as updated (it never says created for users), once', async () => {
    graph.users['aad-new'] = {
      ...graph.users['aad-ada'],
      id: 'aad-new',
      mail: 'new.hire@acme.example',
      createdDateTime: new Date().toISOString(),
      onPremisesExtensionAttributes: { extensionAttribute1: 'new-hire' },
    };
    for (let i = 0; i < 3; i++) {
      expect((await notify([change('updated', 'aad-new')])).status).toBe(202);
    }
    const [run] = await eventually(runs, r => r[0]?.state === 'started');
    expect(run).toMatchObject({
      idpUserId: 'aad-new',
      kind: 'onboard',
      source: 'graph',
    });
    // A created notification, should Graph ever send one, is the same delivery.
    await notify([change('created', 'aad-new')]);
    expect(await runs()).toHaveLength(1);
    expect(tasks).toHaveLength(1);
  });

  it('offboards a user deleted in Entra: an update, after which Graph no longer has them', async () => {
    await notify([change('created', 'aad-ada')]);
    await eventually(runs, r => r[0]?.state === 'started');
    delete graph.users['aad-ada'];
    expect((await notify([change('updated', 'aad-ada')])).status).toBe(202);
    const offboard = await eventually(
      async () => (await runs()).find(r => r.kind === 'offboard'),
      r => r?.state === 'started',
    );
    expect(offboard.person).toMatchObject({ email: 'ada@acme.example' });
    // The permanent deletion, 30 days on, is the same delivery: nothing more.
    await notify([change('deleted', 'aad-ada')]);
    expect(
      tasks.filter(t => t.templateRef.endsWith('offboarding')),
    ).toHaveLength(1);
  });

  it('refuses notifications without the clientState, and starts nothing', async () => {
    const res = await notify([change('created', 'aad-ada', 'guessed-state')]);
    expect(res.status).toBe(401);
    const missing = await notify([
      { ...change('created', 'aad-ada'), clientState: undefined },
    ]);
    expect(missing.status).toBe(401);
    expect(await runs()).toEqual([]);
    expect(graph.calls.filter(c => c.startsWith('GET /v1.0/users'))).toEqual(
      [],
    );
  });

  it('offboards a deleted user from what onboarding remembered, when Graph no longer has them', async () => {
    await notify([change('created', 'aad-ada')]);
    await eventually(runs, r => r[0]?.state === 'started');
    delete graph.users['aad-ada'];
    expect((await notify([change('deleted', 'aad-ada')])).status).toBe(202);
    const offboard = await eventually(
      async () => (await runs()).find(r => r.kind === 'offboard'),
      r => r?.state === 'started',
    );
    expect(offboard.person).toMatchObject({
      email: 'ada@acme.example',
      githubLogin: 'ada-l',
    });
    expect(tasks.at(-1)?.templateRef).toBe(
      'template:default/engineer-offboarding',
    );
  });
});

describe('the Graph subscription', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let graph: Awaited<ReturnType<typeof startGraph>>;
  beforeEach(async () => {
    graph = await startGraph();
  });
  afterEach(() => graph.stop());

  async function keeper(now: () => Date) {
    const knex = await databases.init('SQLITE_3');
    const store = await OnboardingStore.create({
      database: { getClient: async () => knex },
    });
    return new GraphSubscriptionKeeper({
      graph: new GraphClient({
        ...graphSettings(graph.url),
        profileAttributes: {
          githubLogin: 'x',
          team: 'department',
          buddy: 'y',
          startDate: 'employeeHireDate',
        },
      }),
      store,
      logger: mockServices.logger.mock(),
      now,
    });
  }

  it('is created once, renewed when little time is left, and made again when Graph lost it', async () => {
    let now = new Date('2026-12-02T10:00:00Z');
    const k = await keeper(() => now);
    const first = await k.ensure();
    expect(first.id).toBe('sub-1');
    expect(await k.ensure()).toEqual(first);
    expect(graph.calls.filter(c => c.includes('subscriptions'))).toEqual([
      'POST /v1.0/subscriptions',
    ]);

    now = new Date(first.expiresAt.getTime() - 24 * 60 * 60_000);
    const renewed = await k.ensure();
    expect(renewed.id).toBe('sub-1');
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(
      first.expiresAt.getTime(),
    );

    graph.subscriptions.clear();
    const made = await k.ensure(true);
    expect(made.id).toBe('sub-2');
  });

  it('reauthorizes when Graph asks, and ignores lifecycle events of other subscriptions', async () => {
    const k = await keeper(() => new Date('2026-12-02T10:00:00Z'));
    await k.ensure();
    await k.onLifecycle('reauthorizationRequired', 'sub-1');
    await k.onLifecycle('reauthorizationRequired', 'someone-elses');
    expect(graph.calls.filter(c => c.includes('subscriptions'))).toEqual([
      'POST /v1.0/subscriptions',
      'POST /v1.0/subscriptions/sub-1/reauthorize',
      'PATCH /v1.0/subscriptions/sub-1',
    ]);
  });
});

describe('a changed user, read back from Graph', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const daysAgo = (days: number) =>
    new Date(now.getTime() - days * 86_400_000).toISOString();
  const onboarded = { kind: 'onboard' as const, cycle: 1 };

  it('is a hire only when the account is new', () => {
    expect(
      graphUpdateRequest(
        'aad-x',
        { active: true, createdAt: daysAgo(1) },
        now,
        undefined,
      ),
    ).toEqual({
      deliveryId: 'graph:aad-x:created:after-none',
      idpUserId: 'aad-x',
      kind: 'onboard',
      source: 'graph',
    });
    // Staff edited long after they joined: nothing.
    expect(
      graphUpdateRequest(
        'aad-x',
        { active: true, createdAt: daysAgo(30) },
        now,
        onboarded,
      ),
    ).toBeUndefined();
    expect(
      graphUpdateRequest('aad-x', { active: true }, now, onboarded),
    ).toBeUndefined();
  });

  it('is a departure when disabled or gone, but only of someone onboarded', () => {
    expect(
      graphUpdateRequest(
        'aad-x',
        { active: false, createdAt: daysAgo(1) },
        now,
        onboarded,
      ),
    ).toMatchObject({
      deliveryId: 'graph:aad-x:disabled:after-onboard-1',
      kind: 'offboard',
    });
    expect(graphUpdateRequest('aad-x', 'gone', now, onboarded)).toMatchObject({
      deliveryId: 'graph:aad-x:deleted:after-onboard-1',
      kind: 'offboard',
    });
    // Created disabled until the first day, or not readable yet just after creation: no leaver.
    expect(
      graphUpdateRequest(
        'aad-x',
        { active: false, createdAt: daysAgo(1) },
        now,
        undefined,
      ),
    ).toBeUndefined();
    expect(graphUpdateRequest('aad-x', 'gone', now, undefined)).toBeUndefined();
    // Already offboarded: the departure's later notifications ask for nothing more.
    expect(
      graphUpdateRequest('aad-x', 'gone', now, { kind: 'offboard', cycle: 2 }),
    ).toBeUndefined();
  });

  it('names the cycle, so neither a re-hire nor their next departure is taken for a replay', () => {
    const fresh = { active: true, createdAt: daysAgo(1) };
    // Hired, left, hired again, left again: cycles are counted per direction.
    const ids = [
      graphUpdateRequest('aad-x', fresh, now, undefined),
      graphUpdateRequest('aad-x', 'gone', now, { kind: 'onboard', cycle: 0 }),
      graphUpdateRequest('aad-x', fresh, now, { kind: 'offboard', cycle: 0 }),
      graphUpdateRequest('aad-x', 'gone', now, { kind: 'onboard', cycle: 1 }),
    ].map(r => r!.deliveryId);
    expect(new Set(ids).size).toBe(4);
  });
});
