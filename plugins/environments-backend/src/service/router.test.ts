import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import request from 'supertest';
import {
  FakeClock,
  START,
  addDays,
  addHours,
  recordingTeardownModule,
} from '../__testUtils__/fixtures';
import { environmentsClockServiceRef } from '../clock';
import { environmentsPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/jane': ['group:default/payments'],
  'user:default/sam': ['group:default/storefront'],
  'user:default/pat': ['group:default/platform'],
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

const lease = {
  name: 'pr-42-checkout',
  type: 'feature',
  ownerTeam: 'group:default/payments',
  services: [{ entityRef: 'component:default/checkout-api', branch: 'pr-42' }],
};

/** The catalogue's Components: a lease may name only these (and no other kind). */
const component = (name: string, kind = 'Component') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});
const CATALOGUE = [
  ...[
    'checkout-api',
    'ledger',
    'a',
    'checkout-checkout-api',
    'pr-42-checkout',
  ].map(name => component(name)),
  component('payments-db', 'Resource'),
];

/** A permission policy that answers every request with `result`. */
const decide =
  (result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
  async (requests: unknown[]) =>
    requests.map(() => ({ result }));

async function startBackend(runway: object = {}) {
  const clock = new FakeClock(START);
  const auditEvents: Array<{
    eventId: string;
    meta: unknown;
    success: jest.Mock;
    fail: jest.Mock;
  }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async ({ eventId, meta }) => {
      const event = { eventId, meta, success: jest.fn(), fail: jest.fn() };
      auditEvents.push(event);
      return event;
    }),
  });
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: jest.fn(async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
      };
    }),
  });
  // Runway's own policy answers, as the permission backend would: the plugin must apply its
  // conditional decisions (owner team) itself.
  const permissions = mockServices.permissions.mock(
    runwayPolicyPermissions(userInfo),
  );
  const scheduler = mockServices.scheduler.mock();
  const teardown = recordingTeardownModule();
  const backend = await startTestBackend({
    features: [
      environmentsPlugin,
      teardown.module,
      mockServices.database.factory({
        knex: await databases.init('SQLITE_3'),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://runway.acme.example' },
          runway: {
            ...runway,
            environments: {
              rates: { currency: 'EUR' },
              ...(runway as { environments?: object }).environments,
            },
          },
        },
      }),
      auditor.factory,
      permissions.factory,
      userInfo.factory,
      scheduler.factory,
      catalogServiceMock.factory({ entities: CATALOGUE }),
      mockServices.events.factory(),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn(async () => {}) }),
      }),
      createServiceFactory({
        service: environmentsClockServiceRef,
        deps: {},
        factory: () => clock,
      }),
    ],
  });
  const api = (path: string) => `/api/environments${path}`;
  return {
    server: backend.server,
    stop: () => backend.stop(),
    clock,
    auditEvents,
    permissions,
    scheduler,
    api,
    tornDown: teardown.tornDown,
  };
}

type Backend = Awaited<ReturnType<typeof startBackend>>;

async function create(b: Backend, body: object = lease, user = 'jane') {
  return request(b.server)
    .post(b.api('/environments'))
    .set('Authorization', as(user))
    .send(body);
}

describe('environments API', () => {
  let b: Backend;
  beforeEach(async () => {
    b = await startBackend();
  });
  afterEach(() => b.stop());

  it('records a lease with a 7-day lifetime and its cost, and answers a repeated request with the same lease', async () => {
    const first = await create(b);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'pr-42-checkout',
      state: 'active',
      requestedBy: 'user:default/jane',
      createdAt: START.toISOString(),
      expiresAt: addDays(START, 7).toISOString(),
      maxExpiresAt: addDays(START, 30).toISOString(),
      quota: { cpuCores: 2, memoryGiB: 4 },
      currency: 'EUR',
      costSoFar: 0,
      // (2 cores x 0.04 + 4 GiB x 0.005) x 168 h
      projectedCost: 16.8,
    });

    b.clock.advanceHours(1);
    const again = await create(b);
    expect(again.status).toBe(200);
    expect(again.body.createdAt).toBe(START.toISOString());

    const different = await create(b, {
      ...lease,
      services: [{ entityRef: 'component:default/ledger', branch: 'main' }],
    });
    expect(different.status).toBe(409);
    expect(different.body.error.message).toMatch(
      /Environment pr-42-checkout already exists/,
    );
  });

  it('never answers a request for another owner team with an existing lease', async () => {
    // Pat (platform) may create for any team; the same name and services for storefront is
    // another environment, not a re-run of the one payments owns.
    expect((await create(b, lease, 'pat')).status).toBe(201);
    const other = await create(
      b,
      { ...lease, ownerTeam: 'group:default/storefront' },
      'pat',
    );
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/already exists/);
  });

  it('records a lease as provisioning before delivery and marks it ready once, for the owner team only', async () => {
    const first = await create(b, { ...lease, provisioning: true });
    expect(first.status).toBe(201);
    expect(first.body.state).toBe('provisioning');
    // A retried task finds the same lease, still provisioning.
    const again = await create(b, { ...lease, provisioning: true });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('provisioning');
    // Provisioning counts as live: the name is taken.
    const other = await create(b, {
      ...lease,
      services: [{ entityRef: 'component:default/ledger', branch: 'main' }],
    });
    expect(other.status).toBe(409);

    const ready = (user: string) =>
      request(b.server)
        .post(b.api('/environments/pr-42-checkout/ready'))
        .set('Authorization', as(user))
        .send({});
    expect((await ready('sam')).status).toBe(403);
    expect(b.auditEvents.at(-1)).toMatchObject({
      eventId: 'environment-ready',
    });
    expect(b.auditEvents.at(-1)!.fail).toHaveBeenCalled();
    const service = await request(b.server)
      .post(b.api('/environments/pr-42-checkout/ready'))
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(service.status).toBe(403);

    const done = await ready('jane');
    expect(done.status).toBe(200);
    expect(done.body.environment.state).toBe('active');
    // A retry after delivery changes nothing.
    expect((await ready('jane')).body.environment.state).toBe('active');
    const details = await request(b.server)
      .get(b.api('/environments/pr-42-checkout'))
      .set('Authorization', as('jane'));
    expect(details.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'ready',
    ]);
    expect(
      (
        await request(b.server)
          .post(b.api('/environments/nowhere/ready'))
          .set('Authorization', as('jane'))
          .send({})
      ).status,
    ).toBe(404);
  });

  it('never answers an expired lease as the re-run of its request', async () => {
    expect((await create(b)).status).toBe(201);
    b.clock.advanceHours(7 * 24);
    const again = await create(b);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'Environment pr-42-checkout is past its expiry and about to be torn down; a re-run cannot bring it back. Create it again once it is destroyed (within a few minutes), or choose another name.',
    );
  });

  it.each([
    [{ name: 'Bad_Name' }, /^name: Capital letters and "_" are not allowed/],
    [{ name: 'x'.repeat(41) }, /^name: Too long at 41 characters/],
    [
      { type: 'production' },
      /^type must be one of feature, staging, performance/,
    ],
    [
      { lifetimeDays: 31 },
      /^lifetimeDays must be a whole number of days from 1 to 30/,
    ],
    [{ ownerTeam: '' }, /^ownerTeam is required/],
    [
      { ownerTeam: 'user:default/jane' },
      /^ownerTeam must be a group entity ref like group:default\/name/,
    ],
    [{ services: [] }, /^services must list 1 to 50 services/],
    [
      {
        services: [{ entityRef: 'component:default/a', branch: 'x; rm -rf /' }],
      },
      /^services\[0\]\.branch: Spaces and ";" are not allowed/,
    ],
  ])('refuses %j with a 400 naming the field', async (patch, message) => {
    const res = await create(b, { ...lease, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(b.auditEvents.at(-1)).toMatchObject({
      eventId: 'environment-create',
    });
    expect(b.auditEvents.at(-1)!.fail).toHaveBeenCalled();
  });

  it.each([
    [
      [
        { entityRef: 'component:default/checkout-api', branch: 'main' },
        { entityRef: 'component:default/x', branch: 'main' },
      ],
      'services[1].entityRef: component:default/x is not a Component you can see in the catalogue; pick a registered Component (a Resource or API cannot be deployed), or register its catalog-info.yaml first.',
    ],
    [
      [{ entityRef: 'component:default/payments-db', branch: 'main' }],
      'services[0].entityRef: component:default/payments-db is not a Component you can see in the catalogue; pick a registered Component (a Resource or API cannot be deployed), or register its catalog-info.yaml first.',
    ],
  ])(
    'refuses services that are not catalogue Components, writing nothing (%#)',
    async (services, message) => {
      for (const dryRun of ['?dryRun=true', '']) {
        const res = await request(b.server)
          .post(b.api(`/environments${dryRun}`))
          .set('Authorization', as('jane'))
          .send({ ...lease, services });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(message);
      }
      const list = await request(b.server)
        .get(b.api('/environments?filter=all'))
        .set('Authorization', as('jane'));
      expect(list.body.items).toEqual([]);
    },
  );

  it("accepts only https URLs under the environment's own host", async () => {
    const own = 'pr-42-checkout.env.acme.example';
    const refused = [
      'https://evil.example',
      'http://checkout-api.pr-42-checkout.env.acme.example',
      `https://checkout-api.other-env.env.acme.example`,
      `https://${own}.evil.example`,
      `https://a.b.${own}`,
      `https://user@checkout-api.${own}`,
      `https://checkout-api.${own}:8443`,
      'ftp://checkout-api.pr-42-checkout.env.acme.example',
    ];
    for (const url of refused) {
      const res = await create(b, { ...lease, urls: { 'checkout-api': url } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `urls.checkout-api must be an https URL under the environment's own host, https://${own} or https://<service>.${own} (got ${JSON.stringify(
          url,
        )})`,
      );
    }
    const list = await request(b.server)
      .get(b.api('/environments?filter=all'))
      .set('Authorization', as('jane'));
    expect(list.body.items).toEqual([]);

    const urls = {
      'checkout-api': `https://checkout-api.${own}/health?x=1`,
      home: `https://${own}`,
    };
    const res = await create(b, { ...lease, urls });
    expect(res.status).toBe(201);
    expect(res.body.urls).toEqual(urls);
  });

  it('answers a dry run with every check and records nothing', async () => {
    const dryRun = (body: object = lease, user = 'jane') =>
      request(b.server)
        .post(b.api('/environments?dryRun=true'))
        .set('Authorization', as(user))
        .send(body);
    expect((await dryRun()).body).toEqual({ outcome: 'new' });
    expect((await dryRun(lease, 'sam')).status).toBe(403);
    expect((await dryRun({ ...lease, lifetimeDays: 40 })).status).toBe(400);
    const list = await request(b.server)
      .get(b.api('/environments?filter=all'))
      .set('Authorization', as('jane'));
    expect(list.body.items).toEqual([]);
    // Checks are not creations: the audit trail records only the real request.
    expect(b.auditEvents.map(e => e.eventId)).not.toContain(
      'environment-create',
    );

    await create(b);
    expect((await dryRun()).body).toMatchObject({
      outcome: 'exists',
      environment: { name: 'pr-42-checkout', state: 'active' },
    });
    const other = await dryRun({
      ...lease,
      services: [{ entityRef: 'component:default/ledger', branch: 'main' }],
    });
    expect(other.status).toBe(409);
  });

  it('keeps sandbox- names for sandboxes: nobody squats a hire’s sandbox before onboarding asks for it', async () => {
    const squat = await create(b, { ...lease, name: 'sandbox-ada-lovelace' });
    expect(squat.status).toBe(400);
    expect(squat.body.error.message).toMatch(
      /^name sandbox-ada-lovelace starts with sandbox-, which only engineers' sandboxes use; pick another name/,
    );
  });

  it('refuses a name whose Argo CD Applications another live environment already has', async () => {
    // pr-42-checkout running checkout-api deploys rw-pr-42-checkout-checkout-api.
    expect((await create(b)).status).toBe(201);
    const clash = await create(b, {
      ...lease,
      name: 'pr-42',
      services: [
        { entityRef: 'component:default/checkout-checkout-api', branch: 'x' },
      ],
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(
      'name: environment pr-42 would deploy the Argo CD Application rw-pr-42-checkout-checkout-api, which environment pr-42-checkout already has (Applications are named rw-<environment>-<service>). Choose another name.',
    );
    // The environment's own Application rw-env-<name> counts too.
    const own = await create(b, {
      ...lease,
      name: 'env',
      services: [
        { entityRef: 'component:default/pr-42-checkout', branch: 'x' },
      ],
    });
    expect(own.status).toBe(409);
    expect(own.body.error.message).toMatch(
      /Application rw-env-pr-42-checkout,/,
    );
    const fine = await create(b, { ...lease, name: 'pr-43' });
    expect(fine.status).toBe(201);
  });

  it('records the exact expiry a caller already wrote into manifests, within the lifetime', async () => {
    const at = addHours(START, 30).toISOString();
    const res = await create(b, { ...lease, lifetimeDays: 2, expiresAt: at });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(at);
    const late = await create(b, {
      ...lease,
      name: 'pr-43',
      lifetimeDays: 1,
      expiresAt: at,
    });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(
      /^expiresAt must be after now and at most lifetimeDays \(1\) ahead/,
    );
    const bad = await create(b, { ...lease, name: 'pr-44', expiresAt: 'soon' });
    expect(bad.body.error.message).toMatch(
      /^expiresAt must be an ISO 8601 timestamp/,
    );
    // Without a zone the server's own would be assumed: refused, not guessed.
    const local = await create(b, {
      ...lease,
      name: 'pr-45',
      expiresAt: at.replace(/Z$/, ''),
    });
    expect(local.status).toBe(400);
    expect(local.body.error.message).toMatch(
      /^expiresAt must be an ISO 8601 timestamp with a zone/,
    );
  });

  it('refuses a service token every change but reporting activity', async () => {
    await create(b);
    const ci = mockCredentials.service.header();
    const refused = [
      await request(b.server)
        .post(b.api('/environments'))
        .set('Authorization', ci)
        .send({ ...lease, name: 'from-ci', requestedBy: 'user:default/jane' }),
      await request(b.server)
        .post(b.api('/environments/pr-42-checkout/extend'))
        .set('Authorization', ci)
        .send({ days: 1 }),
      await request(b.server)
        .delete(b.api('/environments/pr-42-checkout'))
        .set('Authorization', ci),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Only a person may .*: \S+ is a service\./,
      );
    }
    expect(b.tornDown).toEqual([]);
    const activity = await request(b.server)
      .post(b.api('/environments/pr-42-checkout/activity'))
      .set('Authorization', ci)
      .send({ kind: 'deploy' });
    expect(activity.status).toBe(200);
  });

  it('refuses to record an environment for a team the user is not in', async () => {
    const res = await create(b, lease, 'sam');
    expect(res.status).toBe(403);
  });

  it('lets the owner team and the platform team extend, refuses (403) and audits anyone else', async () => {
    await create(b);
    const extend = (user: string, days: unknown) =>
      request(b.server)
        .post(b.api('/environments/pr-42-checkout/extend'))
        .set('Authorization', as(user))
        .send({ days });

    const refused = await extend('sam', 1);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /The permission policy does not allow user:default\/sam to extend environment pr-42-checkout \(environment.update; owner team group:default\/payments\)/,
    );
    const audit = b.auditEvents.at(-1)!;
    expect(audit).toMatchObject({
      eventId: 'environment-extend',
      meta: { environment: 'pr-42-checkout' },
    });
    expect(audit.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect(audit.success).not.toHaveBeenCalled();

    const byOwner = await extend('jane', 2);
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({
      capped: false,
      environment: { expiresAt: addDays(START, 9).toISOString() },
    });
    expect(b.auditEvents.at(-1)!.success).toHaveBeenCalled();

    const byPlatform = await extend('pat', 30);
    expect(byPlatform.body).toMatchObject({
      capped: true,
      environment: { expiresAt: addDays(START, 30).toISOString() },
    });

    expect((await extend('jane', 0)).body.error.message).toMatch(
      /^days must be/,
    );
    expect((await extend('jane', '3')).status).toBe(400);
    expect((await extend('jane', 1)).status).toBe(409);
  });

  it('refuses the owner when the permission policy denies', async () => {
    await create(b);
    b.permissions.authorizeConditional.mockImplementation(
      decide(AuthorizeResult.DENY) as any,
    );
    const res = await request(b.server)
      .delete(b.api('/environments/pr-42-checkout'))
      .set('Authorization', as('jane'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/permission policy does not allow/);
    expect(b.permissions.authorizeConditional).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'environment.delete' }),
        },
      ],
      expect.anything(),
    );
  });

  it('destroys for the owner team only, and audits the refusal', async () => {
    await create(b);
    const destroy = (user: string) =>
      request(b.server)
        .delete(b.api('/environments/pr-42-checkout'))
        .set('Authorization', as(user));

    expect((await destroy('sam')).status).toBe(403);
    expect(b.auditEvents.at(-1)).toMatchObject({
      eventId: 'environment-destroy',
    });
    expect(b.auditEvents.at(-1)!.fail).toHaveBeenCalled();
    expect(b.tornDown).toEqual([]);

    b.clock.advanceHours(5);
    const res = await destroy('jane');
    expect(res.status).toBe(200);
    expect(b.tornDown).toEqual(['pr-42-checkout']);
    expect(res.body.environment).toMatchObject({
      state: 'destroyed',
      tornDownAt: addHours(START, 5).toISOString(),
      costSoFar: 0.5,
    });
    const detail = await request(b.server)
      .get(b.api('/environments/pr-42-checkout'))
      .set('Authorization', as('sam'));
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'destroyed',
    ]);
    expect(detail.body.events[1]).toMatchObject({
      actor: 'user:default/jane',
      details: { reason: 'requested' },
    });
  });

  it('records activity from the owner team, refuses others', async () => {
    await create(b);
    b.clock.advanceHours(3);
    const activity = (user: string, body: object = {}) =>
      request(b.server)
        .post(b.api('/environments/pr-42-checkout/activity'))
        .set('Authorization', as(user))
        .send(body);
    expect((await activity('sam')).status).toBe(403);
    const res = await activity('jane', { kind: 'deploy' });
    expect(res.status).toBe(200);
    expect(res.body.environment.lastActivityAt).toBe(
      addHours(START, 3).toISOString(),
    );
    expect(
      (await activity('jane', { kind: 'party' })).body.error.message,
    ).toMatch(/^kind must be one of keep-alive, deploy/);
  });

  it('lists mine, my team’s or all environments to any signed-in user', async () => {
    await create(b);
    await create(
      b,
      {
        ...lease,
        name: 'storefront-perf',
        type: 'performance',
        ownerTeam: 'group:default/storefront',
      },
      'sam',
    );
    const list = async (user: string, filter: string) =>
      (
        await request(b.server)
          .get(b.api(`/environments?filter=${filter}`))
          .set('Authorization', as(user))
      ).body;
    const names = (body: { items: Array<{ name: string }> }) =>
      body.items.map(i => i.name).sort();

    expect(names(await list('jane', 'all'))).toEqual([
      'pr-42-checkout',
      'storefront-perf',
    ]);
    expect(names(await list('jane', 'mine'))).toEqual(['pr-42-checkout']);
    expect(names(await list('sam', 'team'))).toEqual(['storefront-perf']);
    expect(names(await list('pat', 'team'))).toEqual([]);
    expect((await list('pat', 'everything')).error.message).toMatch(
      /^filter must be/,
    );

    const unauthenticated = await request(b.server)
      .get(b.api('/environments'))
      .set('Authorization', mockCredentials.none.header());
    expect(unauthenticated.status).toBe(401);
    const missing = await request(b.server)
      .get(b.api('/environments/nope'))
      .set('Authorization', as('jane'));
    expect(missing.status).toBe(404);
  });

  it('reports the cost so far, the projected cost and each team’s monthly cost', async () => {
    await create(b, { ...lease, type: 'staging', lifetimeDays: 3 });
    b.clock.advanceHours(10);
    const detail = await request(b.server)
      .get(b.api('/environments/pr-42-checkout'))
      .set('Authorization', as('sam'));
    // staging: 4 cores x 0.04 + 8 GiB x 0.005 = 0.20 an hour
    expect(detail.body).toMatchObject({ costSoFar: 2, projectedCost: 14.4 });

    const cost = await request(b.server)
      .get(b.api('/cost?team=payments&month=2026-11'))
      .set('Authorization', as('sam'));
    expect(cost.body).toEqual({
      month: '2026-11',
      currency: 'EUR',
      teams: [
        {
          team: 'group:default/payments',
          total: 2,
          avoided: 0,
          environments: [
            { name: 'pr-42-checkout', type: 'staging', hours: 10, cost: 2 },
          ],
        },
      ],
    });
    const october = await request(b.server)
      .get(b.api('/cost?month=2026-10'))
      .set('Authorization', as('sam'));
    expect(october.body.teams).toEqual([]);
    const bad = await request(b.server)
      .get(b.api('/cost?month=2026-1'))
      .set('Authorization', as('sam'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^month must be/);
  });

  it('schedules the lifecycle job once for all replicas', async () => {
    expect(b.scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'environments-lifecycle',
        scope: 'global',
        frequency: { minutes: 1 },
      }),
    );
    // Without runway.environments.argocd.url, environments are active once delivered.
    expect(b.scheduler.scheduleTask).not.toHaveBeenCalledWith(
      expect.objectContaining({ id: 'environments-health' }),
    );
  });
});

describe('an engineer’s sandbox', () => {
  let b: Backend;
  beforeEach(async () => {
    b = await startBackend();
  });
  afterEach(() => b.stop());

  const sandbox = {
    name: 'sandbox-ada',
    type: 'sandbox',
    ownerTeam: 'group:default/payments',
    ownerUser: 'user:default/ada',
    provisioning: true,
  };
  /** Runway's scaffolder acting as itself: a step of a run a backend plugin started. */
  const scaffolder = mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'environments',
  });
  const asScaffolder = (method: 'post' | 'delete', path: string) =>
    request(b.server)[method](b.api(path)).set('Authorization', scaffolder);

  it('is recorded for onboarding’s run without an expiry, once, and answered again on a retry', async () => {
    const first = await asScaffolder('post', '/environments').send(sandbox);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'sandbox-ada',
      type: 'sandbox',
      state: 'provisioning',
      ownerTeam: 'group:default/payments',
      ownerUser: 'user:default/ada',
      requestedBy: 'user:default/ada',
      services: [],
      urls: {},
      quota: { cpuCores: 1, memoryGiB: 2 },
      costSoFar: 0,
      // 1 core x 0.04 + 2 GiB x 0.005 = 0.05 an hour, until the end of November: 687 h
      projectedCost: 34.35,
    });
    expect(first.body).not.toHaveProperty('expiresAt');
    expect(first.body).not.toHaveProperty('maxExpiresAt');

    const ready = await asScaffolder(
      'post',
      '/environments/sandbox-ada/ready',
    ).send({});
    expect(ready.body.environment.state).toBe('active');

    // A retried step, or the platform team re-running onboarding from the form.
    b.clock.advanceHours(24 * 400);
    const again = await asScaffolder('post', '/environments').send(sandbox);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      createdAt: START.toISOString(),
      state: 'active',
    });
    const byPlatform = await create(b, sandbox, 'pat');
    expect(byPlatform.status).toBe(200);
    expect(byPlatform.body.createdAt).toBe(START.toISOString());

    const list = await request(b.server)
      .get(b.api('/environments?type=sandbox&ownerUser=user:default/ada'))
      .set('Authorization', as('sam'));
    expect(list.body.items.map((e: { name: string }) => e.name)).toEqual([
      'sandbox-ada',
    ]);
    // Its engineer finds it among theirs.
    const mine = await request(b.server)
      .get(b.api('/environments?filter=mine'))
      .set('Authorization', as('ada'));
    expect(mine.body.items.map((e: { name: string }) => e.name)).toEqual([
      'sandbox-ada',
    ]);
  });

  it('is one per engineer: a second, under another name, is refused naming the first', async () => {
    expect((await create(b, sandbox, 'pat')).status).toBe(201);
    const second = await create(
      b,
      { ...sandbox, name: 'sandbox-ada-2' },
      'pat',
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(
      'ownerUser: user:default/ada already has the sandbox sandbox-ada (provisioning); an engineer has one sandbox. Use it, or destroy it first.',
    );
    // Someone else's sandbox cannot take the name either.
    const taken = await create(
      b,
      { ...sandbox, ownerUser: 'user:default/bob' },
      'pat',
    );
    expect(taken.status).toBe(409);
  });

  it('is made by no person but the platform team, and by no other service', async () => {
    const byTeamMate = await create(b, sandbox, 'jane');
    expect(byTeamMate.status).toBe(403);
    expect(byTeamMate.body.error.message).toMatch(
      /does not allow user:default\/jane to create the sandbox of user:default\/ada .*a sandbox of user:default\/ada/,
    );
    const forThemselves = await create(
      b,
      { ...sandbox, name: 'sandbox-jane', ownerUser: 'user:default/jane' },
      'jane',
    );
    expect(forThemselves.status).toBe(403);
    const ci = await request(b.server)
      .post(b.api('/environments'))
      .set('Authorization', mockCredentials.service.header())
      .send(sandbox);
    expect(ci.status).toBe(403);
    expect(ci.body.error.message).toBe(
      "Only a person, or Runway's onboarding run, may create the sandbox of user:default/ada: external:test-service is another service.",
    );
    // And Runway's scaffolder makes nothing but sandboxes as itself.
    const feature = await asScaffolder('post', '/environments').send(lease);
    expect(feature.status).toBe(403);
    expect(feature.body.error.message).toMatch(/^Only a person may /);
  });

  it('has no expiry: never extended, and refused what only ephemeral environments have', async () => {
    await create(b, sandbox, 'pat');
    const extend = await request(b.server)
      .post(b.api('/environments/sandbox-ada/extend'))
      .set('Authorization', as('pat'))
      .send({ days: 1 });
    expect(extend.status).toBe(409);
    expect(extend.body.error.message).toBe(
      'Environment sandbox-ada is a sandbox: it has no expiry, so there is nothing to extend. It stays until its engineer is offboarded.',
    );
    const bad: Array<[object, RegExp]> = [
      [{ lifetimeDays: 3 }, /^lifetimeDays must be left out: a sandbox has/],
      [
        { expiresAt: '2027-01-01T00:00:00Z' },
        /^expiresAt must be left out: a sandbox has no expiry/,
      ],
      [{ services: lease.services }, /^services must be empty or left out/],
      [
        { urls: { x: 'https://x.sandbox-b.env.acme.example' } },
        /^urls must be empty/,
      ],
      [{ ownerUser: undefined }, /^ownerUser is required: an entity ref/],
      [{ ownerUser: 'group:default/payments' }, /^ownerUser must be a user/],
    ];
    for (const [patch, message] of bad) {
      const res = await create(
        b,
        {
          ...sandbox,
          name: 'sandbox-b',
          ownerUser: 'user:default/b',
          ...patch,
        },
        'pat',
      );
      expect([res.status, res.body.error.message]).toEqual([
        400,
        expect.stringMatching(message),
      ]);
    }
    const featureWithEngineer = await create(b, {
      ...lease,
      ownerUser: 'user:default/jane',
    });
    expect(featureWithEngineer.status).toBe(400);
    expect(featureWithEngineer.body.error.message).toMatch(
      /^ownerUser is only for a sandbox/,
    );
    const details = await request(b.server)
      .get(b.api('/environments?type=sandbox&includeDestroyed=true'))
      .set('Authorization', as('pat'));
    expect(details.body.items.map((e: { name: string }) => e.name)).toEqual([
      'sandbox-ada',
    ]);
  });

  it('is torn down by offboarding’s run or by its engineer, not by their team', async () => {
    expect((await create(b, sandbox, 'pat')).status).toBe(201);
    const byTeamMate = await request(b.server)
      .delete(b.api('/environments/sandbox-ada'))
      .set('Authorization', as('jane'));
    expect(byTeamMate.status).toBe(403);
    const byRun = await asScaffolder('delete', '/environments/sandbox-ada');
    expect(byRun.status).toBe(200);
    expect(byRun.body.environment).toMatchObject({ state: 'destroyed' });
    expect(b.tornDown).toEqual(['sandbox-ada']);

    // Rehired: a new sandbox of the same name.
    expect((await create(b, sandbox, 'pat')).status).toBe(201);
    const byEngineer = await request(b.server)
      .delete(b.api('/environments/sandbox-ada'))
      .set('Authorization', as('ada'));
    expect(byEngineer.status).toBe(200);
    expect(b.tornDown).toEqual(['sandbox-ada', 'sandbox-ada']);
  });

  it('is charged to the engineer’s team in the monthly cost', async () => {
    await create(b, sandbox, 'pat');
    b.clock.advanceHours(10);
    const cost = await request(b.server)
      .get(b.api('/cost?team=payments&month=2026-11'))
      .set('Authorization', as('jane'));
    expect(cost.body.teams).toEqual([
      {
        team: 'group:default/payments',
        total: 0.5,
        avoided: 0,
        environments: [
          { name: 'sandbox-ada', type: 'sandbox', hours: 10, cost: 0.5 },
        ],
      },
    ]);
  });
});

describe('an environment made ready by Argo CD', () => {
  let b: Backend;
  beforeEach(async () => {
    b = await startBackend({
      environments: {
        argocd: {
          url: 'https://argocd.acme.example',
          token: 'secret',
          healthInterval: { seconds: 10 },
        },
      },
    });
  });
  afterEach(() => b.stop());

  const watched = {
    ...lease,
    provisioning: true,
    readyWhenHealthy: true,
    pullRequestUrl: 'https://github.com/acme/checkout-api/pull/42',
  };

  it('is recorded with its pull request, and only the health watcher marks it ready', async () => {
    const created = await create(b, watched);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'provisioning',
      pullRequestUrl: 'https://github.com/acme/checkout-api/pull/42',
    });
    const ready = await request(b.server)
      .post(b.api('/environments/pr-42-checkout/ready'))
      .set('Authorization', as('jane'))
      .send({});
    expect(ready.status).toBe(409);
    expect(ready.body.error.message).toMatch(/Argo CD reports/);
    expect(b.scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'environments-health',
        scope: 'global',
        frequency: { seconds: 10 },
      }),
    );
  });

  it('refuses a pull request address it could not comment on, naming the field', async () => {
    const bad = await create(b, { ...watched, pullRequestUrl: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^pullRequestUrl must be/);
    const notWatched = await create(b, {
      ...lease,
      provisioning: true,
      pullRequestUrl: watched.pullRequestUrl,
    });
    expect(notWatched.status).toBe(400);
    expect(notWatched.body.error.message).toMatch(/^pullRequestUrl is only/);
    const active = await create(b, { ...lease, readyWhenHealthy: true });
    expect(active.status).toBe(400);
    expect(active.body.error.message).toMatch(/^readyWhenHealthy needs/);
  });
});
