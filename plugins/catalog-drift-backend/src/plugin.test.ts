import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import request from 'supertest';
import { driftDatabases } from './__testUtils__/databases';
import { component, group, user } from './__testUtils__/entities';
import { catalogDriftPlugin } from './plugin';

const databases = driftDatabases();

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/pat': ['group:default/platform'],
  'user:default/jane': ['group:default/payments'],
};
const as = (ref: string) => mockCredentials.user.header(ref);
const PAT = as('user:default/pat');
const JANE = as('user:default/jane');

/** The catalogue: a Component whose team was removed, and one on a host with no integration. */
const CATALOGUE = [
  group('platform'),
  group('payments'),
  user('pat'),
  component('invoices', 'group:default/billing'),
  component('cart', 'payments'),
];

describe.each(databases.eachSupportedId())('the drift API on %s', id => {
  async function start(drift: object = {}) {
    const knex = await databases.init(id);
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
        };
      },
    });
    const permissions = mockServices.permissions.mock(
      runwayPolicyPermissions(userInfo, 'group:default/platform'),
    );
    const scheduler = mockServices.scheduler.mock();
    const audit: Array<{ eventId: string; outcome?: string; meta?: object }> =
      [];
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async ({ eventId }) => {
        const entry: (typeof audit)[number] = { eventId };
        audit.push(entry);
        return {
          success: async (o?: { meta?: object }) => {
            entry.outcome = 'success';
            entry.meta = o?.meta;
          },
          fail: async () => {
            entry.outcome = 'fail';
          },
        };
      }),
    });
    const { server } = await startTestBackend({
      features: [
        catalogDriftPlugin,
        catalogServiceMock.factory({ entities: CATALOGUE }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { runway: { catalogDrift: drift } },
        }),
        permissions.factory,
        userInfo.factory,
        scheduler.factory,
        auditor.factory,
      ],
    });
    return { server, scheduler, audit };
  }

  it('shows the problems to the platform team only, and refuses the rest', async () => {
    const { server } = await start();
    const refused = await request(server)
      .get('/api/catalog-drift/problems')
      .set('Authorization', JANE);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('catalog-drift.problem.read');
    const allowed = await request(server)
      .get('/api/catalog-drift/problems')
      .set('Authorization', PAT);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({
      problems: [],
      undecided: 0,
      undecidedReasons: [],
    });
  });

  it('runs the check now for the platform team, audited, and lists what it found', async () => {
    const { server, audit } = await start();
    const refused = await request(server)
      .post('/api/catalog-drift/check')
      .set('Authorization', JANE);
    expect(refused.status).toBe(403);
    const ran = await request(server)
      .post('/api/catalog-drift/check')
      .set('Authorization', PAT);
    expect(ran.status).toBe(200);
    expect(ran.body).toMatchObject({
      entities: 5,
      problems: [expect.anything()],
    });
    expect(audit).toEqual([
      {
        eventId: 'catalog-drift-check',
        outcome: 'success',
        meta: expect.objectContaining({ problems: 1, entities: 5 }),
      },
    ]);
    const listed = await request(server)
      .get('/api/catalog-drift/problems')
      .set('Authorization', PAT);
    expect(listed.body).toEqual({
      checkedAt: expect.any(String),
      undecided: 0,
      undecidedReasons: [],
      problems: [
        {
          kind: 'owner-missing',
          entityRef: 'component:default/invoices',
          message:
            'spec.owner is "group:default/billing", and the catalogue has no group:default/billing.',
          fix: expect.stringContaining('Set spec.owner'),
          firstSeenAt: listed.body.checkedAt,
          lastSeenAt: listed.body.checkedAt,
        },
      ],
    });
  });

  it('names the field when the kind filter is not a kind', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/catalog-drift/problems?kind=owners')
      .set('Authorization', PAT);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'kind must be one of owner-missing, repository-missing, catalog-info-missing, repository-moved, repository-archived; got "owners"',
    );
  });

  it('runs on a schedule, which config can turn off', async () => {
    const { server, scheduler } = await start({ intervalMinutes: 30 });
    const [[task]] = scheduler.scheduleTask.mock.calls;
    expect(task).toMatchObject({
      id: 'catalog-drift-check',
      frequency: { minutes: 30 },
      scope: 'global',
    });
    await task.fn(new AbortController().signal);
    const listed = await request(server)
      .get('/api/catalog-drift/problems?kind=owner-missing')
      .set('Authorization', PAT);
    expect(
      listed.body.problems.map((p: { entityRef: string }) => p.entityRef),
    ).toEqual(['component:default/invoices']);

    const off = await start({ enabled: false });
    expect(off.scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('refuses to start on a bad interval, naming the key', async () => {
    await expect(start({ intervalMinutes: 0 })).rejects.toThrow(
      'runway.catalogDrift.intervalMinutes is 0',
    );
  });

  it('refuses to start on a negative rate-limit reserve, naming the key and the fix', async () => {
    await expect(start({ rateLimitReserve: -1 })).rejects.toThrow(
      'runway.catalogDrift.rateLimitReserve is -1; set it to a whole number of at least 0 (default 1000), or leave it out.',
    );
  });
});
