/**
 * The new-hire page on a started onboarding backend: who may read a hire's page and tick their
 * first-day tasks (Runway's own policy, its conditional decision applied here), the milestones
 * from GitHub's webhooks and the environments API, and the scheduled prune, on SQLite and
 * PostgreSQL.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventParams } from '@backstage/plugin-events-node';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import express from 'express';
import request from 'supertest';
import { MilestoneStore } from '../milestones/MilestoneStore';
import { pullRequestEvent } from '../__testUtils__/githubEvents';
import {
  aHire,
  newHireDatabases,
  runFor,
  storeOn,
} from '../__testUtils__/newHire';
import onboardingPlugin from '../index';

jest.setTimeout(60_000);

const databases = newHireDatabases();

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/pat': ['group:default/platform'],
};
const as = (ref: string) => mockCredentials.user.header(ref);
const HOUR = 3_600_000;

/** Ada signs in as user:default/ada-lovelace, whose User entity has her work e-mail. */
const ADA = aHire('ada-l', {
  idpUserId: '00u-ada',
  name: 'Ada Lovelace',
  email: 'Ada@acme.example',
});
/** Grace signs in as user:default/grace-h: her GitHub login. */
const GRACE = aHire('grace-h', { idpUserId: '00u-grace' });
const CATALOGUE = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada-lovelace' },
    spec: { profile: { email: 'ada@acme.example' } },
  },
];

/** The environments plugin's API, holding the hires' sandboxes. */
function environmentsStandIn() {
  const auth: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'environments',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use((req, _res, next) => {
            auth.push(req.header('authorization') ?? '');
            next();
          });
          router.get('/environments', (_req, res) => {
            res.json({
              items: [
                {
                  name: 'sandbox-ada-l',
                  type: 'sandbox',
                  ownerTeam: 'group:default/payments',
                  ownerUser: 'user:default/ada-l',
                  state: 'active',
                  createdAt: new Date(Date.now() - 2 * HOUR).toISOString(),
                },
              ],
            });
          });
          router.get('/environments/:name', (req, res) => {
            res.json({
              name: req.params.name,
              events: [
                {
                  type: 'created',
                  at: new Date(Date.now() - 2 * HOUR).toISOString(),
                },
                {
                  type: 'ready',
                  at: new Date(Date.now() - HOUR).toISOString(),
                },
              ],
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, auth };
}

describe.each(databases.eachSupportedId())('the new-hire page on %s', id => {
  async function start(onboarding: object = { retentionDays: 30 }) {
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
      runwayPolicyPermissions(userInfo, 'group:default/platform', {
        catalog: catalogServiceMock({ entities: CATALOGUE }),
        auth: mockServices.auth(),
      }),
    );
    const events = mockServices.events.mock();
    const scheduler = mockServices.scheduler.mock();
    const audit: Array<{ eventId: string; meta: any; outcome?: string }> = [];
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async ({ eventId, meta }) => {
        const entry: (typeof audit)[number] = { eventId, meta };
        audit.push(entry);
        return {
          success: async (o?: { meta?: object }) => {
            entry.outcome = 'success';
            entry.meta = { ...entry.meta, ...o?.meta };
          },
          fail: async () => {
            entry.outcome = 'fail';
          },
        };
      }),
    });
    const environments = environmentsStandIn();
    const backend = await startTestBackend({
      features: [
        onboardingPlugin,
        environments.plugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            runway: {
              github: { org: 'acme', platformConfigRepo: 'platform-config' },
              onboarding: {
                email: {
                  firstDayTasks: ['Collect your badge', 'Set up your laptop'],
                },
                ...onboarding,
              },
            },
          },
        }),
        permissions.factory,
        userInfo.factory,
        events.factory,
        scheduler.factory,
        auditor.factory,
      ],
    });
    const store = await storeOn(knex);
    const scheduled = (taskId: string) => {
      const call = scheduler.scheduleTask.mock.calls.find(
        ([task]) => task.id === taskId,
      );
      if (!call) throw new Error(`no scheduled task ${taskId}`);
      return call[0];
    };
    const [subscription] = events.subscribe.mock.calls.map(([s]) => s);
    return {
      backend,
      scheduler,
      store,
      knex,
      audit,
      scheduled,
      subscription,
      environments,
      publish: (event: EventParams) => subscription.onEvent(event),
    };
  }

  const page = (
    backend: Awaited<ReturnType<typeof startTestBackend>>,
    idpUserId: string,
    who: string,
  ) =>
    request(backend.server)
      .get(`/api/onboarding/hires/${idpUserId}`)
      .set('Authorization', as(who));

  const tick = (
    backend: Awaited<ReturnType<typeof startTestBackend>>,
    idpUserId: string,
    who: string,
    position: number | string,
    body: object = { done: true },
  ) =>
    request(backend.server)
      .put(`/api/onboarding/hires/${idpUserId}/first-day-tasks/${position}`)
      .set('Authorization', as(who))
      .send(body);

  it('shows a hire their own page, by their User entity’s e-mail or their login; the platform team every one; nobody else any', async () => {
    const { backend, store, knex } = await start();
    await runFor(store, ADA);
    const grace = await runFor(store, GRACE);
    // Grace is known by her login alone, which counts only once her access pull request merged
    // (before, the identity provider's login may be a typo naming someone else).
    expect(
      (await page(backend, '00u-grace', 'user:default/grace-h')).status,
    ).toBe(403);
    await new MilestoneStore(knex).reach(
      grace.id,
      { kind: 'access-granted', reachedAt: new Date() },
      new Date(),
    );

    const own = await page(backend, '00u-ada', 'user:default/ada-lovelace');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      run: { idpUserId: '00u-ada', person: { name: 'Ada Lovelace' } },
      firstDayTasks: [
        { position: 0, title: 'Collect your badge' },
        { position: 1, title: 'Set up your laptop' },
      ],
      milestones: [
        { kind: 'access-granted' },
        { kind: 'sandbox-ready' },
        { kind: 'first-pr' },
        { kind: 'first-staging-deploy' },
      ],
    });
    expect(
      (await page(backend, '00u-grace', 'user:default/grace-h')).status,
    ).toBe(200);
    expect((await page(backend, '00u-ada', 'user:default/pat')).status).toBe(
      200,
    );

    // Someone else's page, and a page nobody has, read the same to others; only the platform
    // team learns that nobody with that id is being hired.
    const others = await page(backend, '00u-ada', 'user:default/grace-h');
    expect(others.status).toBe(403);
    expect(others.body.error.message).toMatch(
      /user:default\/grace-h may not read the new-hire page of 00u-ada: it is its hire's .* and the platform team's \(onboarding.hire.read\)/,
    );
    expect((await page(backend, '00u-nobody', 'user:default/sam')).status).toBe(
      403,
    );
    expect((await page(backend, '00u-nobody', 'user:default/pat')).status).toBe(
      404,
    );
    expect(
      (
        await request(backend.server)
          .get('/api/onboarding/hires/00u-ada')
          .set('Authorization', mockCredentials.service.header())
      ).status,
    ).toBe(403);
  });

  it('finds a recent hire their own onboarding for the home page, and nobody else’s', async () => {
    const { backend, store } = await start();
    await runFor(store, ADA);
    await runFor(store, GRACE);
    const mine = (who: string) =>
      request(backend.server)
        .get('/api/onboarding/my-hire')
        .set('Authorization', as(who));
    const ada = await mine('user:default/ada-lovelace');
    expect(ada.status).toBe(200);
    expect(ada.body).toMatchObject({
      run: { idpUserId: '00u-ada', person: { name: 'Ada Lovelace' } },
      firstDayTasks: [
        { title: 'Collect your badge' },
        { title: 'Set up your laptop' },
      ],
      milestones: expect.arrayContaining([{ kind: 'first-pr' }]),
    });
    // Someone else, and the platform team (whose decision names nobody), have none.
    expect((await mine('user:default/sam')).body).toEqual({});
    expect((await mine('user:default/pat')).body).toEqual({});
    expect(
      (
        await request(backend.server)
          .get('/api/onboarding/my-hire')
          .set('Authorization', mockCredentials.service.header())
      ).status,
    ).toBe(403);
  });

  it('gives backend plugins each onboarding’s lead times, without the person; refuses people', async () => {
    const { backend, store, knex } = await start();
    const ada = await runFor(store, ADA);
    await runFor(store, GRACE);
    const deployed = new Date(ada.createdAt.getTime() + 30 * HOUR);
    await new MilestoneStore(knex).reach(
      ada.id,
      { kind: 'first-staging-deploy', reachedAt: deployed },
      new Date(),
    );
    const asService = await request(backend.server)
      .get('/api/onboarding/lead-times')
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    const byTime = [...asService.body.hires].sort((a, b) =>
      String(a.firstStagingDeployAt ?? '').localeCompare(
        String(b.firstStagingDeployAt ?? ''),
      ),
    );
    expect(byTime).toEqual([
      {
        team: GRACE.team,
        hrEventAt: expect.any(String),
        taskId: expect.any(String),
      },
      {
        team: ADA.team,
        hrEventAt: ada.createdAt.toISOString(),
        taskId: `task-${ada.id}`,
        firstStagingDeployAt: deployed.toISOString(),
      },
    ]);
    expect(JSON.stringify(asService.body)).not.toMatch(
      /lovelace|00u-|acme\.example|grace-h/i,
    );
    expect(
      (
        await request(backend.server)
          .get('/api/onboarding/lead-times')
          .set('Authorization', as('user:default/pat'))
      ).status,
    ).toBe(403);
  });

  it('lets the hire tick their tasks off, once, audited; refuses bad input and other people, writing nothing', async () => {
    const { backend, store, audit } = await start();
    await runFor(store, ADA);

    const ticked = await tick(
      backend,
      '00u-ada',
      'user:default/ada-lovelace',
      1,
    );
    expect(ticked.status).toBe(200);
    expect(ticked.body.task).toMatchObject({
      position: 1,
      title: 'Set up your laptop',
      doneBy: 'user:default/ada-lovelace',
      doneAt: expect.any(String),
    });
    // Ticked again (a double click, a retry): the first time stays.
    const again = await tick(
      backend,
      '00u-ada',
      'user:default/ada-lovelace',
      1,
    );
    expect(again.body.task.doneAt).toBe(ticked.body.task.doneAt);
    expect(
      audit.filter(a => a.eventId === 'onboarding-first-day-task'),
    ).toEqual([
      expect.objectContaining({
        outcome: 'success',
        meta: expect.objectContaining({
          position: 1,
          done: true,
          changed: true,
        }),
      }),
      expect.objectContaining({
        outcome: 'success',
        meta: expect.objectContaining({ changed: false }),
      }),
    ]);

    const badDone = await tick(
      backend,
      '00u-ada',
      'user:default/ada-lovelace',
      0,
      { done: 'yes' },
    );
    expect(badDone.status).toBe(400);
    expect(badDone.body.error.message).toMatch(/^done: send \{"done": true\}/);
    const badPosition = await tick(
      backend,
      '00u-ada',
      'user:default/ada-lovelace',
      9,
    );
    expect(badPosition.status).toBe(400);
    expect(badPosition.body.error.message).toBe(
      'position: "9" is no task of this hire\'s; use the task\'s place in the list, 0 to 1.',
    );
    expect(
      (await tick(backend, '00u-ada', 'user:default/grace-h', 0)).status,
    ).toBe(403);

    const tasks = (await page(backend, '00u-ada', 'user:default/ada-lovelace'))
      .body.firstDayTasks;
    expect(tasks.map((t: { doneAt?: string }) => Boolean(t.doneAt))).toEqual([
      false,
      true,
    ]);
    // The platform team may open one again.
    expect(
      (await tick(backend, '00u-ada', 'user:default/pat', 1, { done: false }))
        .body.task,
    ).toEqual({ position: 1, title: 'Set up your laptop' });
  });

  it('shows the milestones the GitHub webhooks and the hire’s sandbox reached, with their lead times', async () => {
    const { backend, store, subscription, scheduled, environments } =
      await start();
    expect(subscription.topics).toEqual([
      'github.pull_request',
      'github.deployment_status',
    ]);
    const hiredAt = new Date(Date.now() - 3 * HOUR);
    await runFor(store, ADA, { at: hiredAt });

    await subscription.onEvent(
      pullRequestEvent('closed', {
        repo: 'platform-config',
        number: 7,
        branch: 'runway/engineer-ada-l',
        body: 'Identity provider id: 00u-ada',
        at: new Date(hiredAt.getTime() + 72 * 60_000),
      }),
    );
    await scheduled('onboarding-sandbox-milestones').fn(
      new AbortController().signal as any,
    );

    const { body } = await page(
      backend,
      '00u-ada',
      'user:default/ada-lovelace',
    );
    expect(body.milestones).toEqual([
      {
        kind: 'access-granted',
        reachedAt: new Date(hiredAt.getTime() + 72 * 60_000).toISOString(),
        leadTimeMs: 72 * 60_000,
        url: 'https://github.example/acme/platform-config/pull/7',
        detail: 'acme/platform-config#7',
      },
      expect.objectContaining({
        kind: 'sandbox-ready',
        detail: 'sandbox-ada-l',
        leadTimeMs: expect.any(Number),
      }),
      { kind: 'first-pr' },
      { kind: 'first-staging-deploy' },
    ]);
    // Ready an hour ago, hired three hours ago: about two hours.
    expect(body.milestones[1].leadTimeMs).toBeGreaterThan(1.9 * HOUR);
    expect(body.milestones[1].leadTimeMs).toBeLessThan(2.1 * HOUR);
    // The environments API was asked as the onboarding plugin's own service.
    expect(environments.auth.length).toBeGreaterThan(0);
    expect(environments.auth.every(a => a.startsWith('Bearer '))).toBe(true);
  });

  it('prunes, once a day, the finished runs older than runway.onboarding.retentionDays except each person’s latest', async () => {
    const { store, scheduled } = await start();
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const first = await runFor(store, ADA, { at: longAgo(100) });
    await runFor(store, ADA, { at: longAgo(90), kind: 'offboard' });
    const again = await runFor(store, ADA, { at: longAgo(80) });
    const grace = await runFor(store, GRACE, { at: longAgo(100) });

    const prune = scheduled('onboarding-prune');
    expect(prune).toMatchObject({ frequency: { hours: 24 }, scope: 'global' });
    await prune.fn(new AbortController().signal as any);

    const left = (await store.listRuns()).map(r => r.id);
    expect(left).not.toContain(first.id);
    expect(left).toEqual(expect.arrayContaining([again.id, grace.id]));
    expect(left).toHaveLength(3);
  });

  it('prunes nothing when runway.onboarding.pruneEnabled is false', async () => {
    const { scheduler } = await start({ pruneEnabled: false });
    expect(scheduler.scheduleTask.mock.calls.map(([t]) => t.id)).not.toContain(
      'onboarding-prune',
    );
  });
});
