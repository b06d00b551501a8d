/**
 * Two whole backends with this plugin, each with Backstage's real scheduler and its own connection
 * pool, on one PostgreSQL database full of expired environments: the deployment of two replicas.
 * Each environment must be torn down exactly once. This checks the wiring (one global task shared
 * through the scheduler's tables, teardowns recorded once); the scheduler runs a global task on
 * one replica at a time, so the claims' own race safety is what concurrentSweepers.test.ts tests.
 * PostgreSQL only: two backends cannot share an in-memory SQLite database.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestBackend,
  TestDatabaseId,
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertPostgresNotSkipped } from '../__testUtils__/databases';
import {
  addDays,
  newEnvironment,
  recordingTeardownModule,
} from '../__testUtils__/fixtures';
import { DatabaseEnvironmentStore } from '../database/DatabaseEnvironmentStore';
import { environmentEvent } from '../database/EnvironmentStore';
import { environmentsPlugin } from '../plugin';

jest.setTimeout(120_000);

const COUNT = 300;
const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
  | TestDatabaseId
  | undefined;
const databases = TestDatabases.create({ ids: postgres ? [postgres] : [] });

it('runs on PostgreSQL whenever the machine has one', async () => {
  await expect(assertPostgresNotSkipped()).resolves.toBeUndefined();
});

/** One replica: the plugin, the real scheduler, a recording teardown, on its own pool. */
async function replica(knex: Knex) {
  const teardown = recordingTeardownModule();
  const backend = await startTestBackend({
    features: [
      environmentsPlugin,
      teardown.module,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://runway.acme.example' },
          runway: { environments: { sweepInterval: { seconds: 1 } } },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.events.factory(),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  return { backend, tornDown: teardown.tornDown };
}

const describeOnPostgres = postgres ? describe : describe.skip;

describeOnPostgres('two backends on PostgreSQL', () => {
  const backends: TestBackend[] = [];
  const pools: Knex[] = [];
  afterAll(async () => {
    await Promise.all(backends.map(b => b.stop()));
    await Promise.all(pools.map(p => p.destroy()));
  });

  it(`tear each of ${COUNT} expired environments down exactly once`, async () => {
    const first = await databases.init(postgres!);
    const second = knexFactory(first.client.config);
    pools.push(second);
    const a = await replica(first);
    backends.push(a.backend);
    const b = await replica(second);
    backends.push(b.backend);

    // Migrated by the backends; expired a day ago, in real time (the real scheduler's clock).
    const store = await DatabaseEnvironmentStore.fromKnex(first);
    const createdAt = addDays(new Date(), -3);
    for (let i = 0; i < COUNT; i++) {
      await store.insert(
        newEnvironment({
          name: `env-${i}`,
          type: i % 2 ? 'staging' : 'feature',
          createdAt,
          lifetimeDays: 2,
        }),
      );
    }

    // Their owners were warned two days ago (teardown waits a day after a delivered warning).
    const warnedAt = addDays(new Date(), -2);
    const warned = await store.claimWarnings({
      now: warnedAt,
      warnBefore: new Date(),
      limit: COUNT,
    });
    await store.recordWarnings(
      'expiry',
      warnedAt,
      warned.map(env => environmentEvent(env, 'warned', warnedAt)),
    );
    expect(warned).toHaveLength(COUNT);

    // The lifecycle task starts 15 s after start-up; the scheduler looks for due work every 5 s.
    const deadline = Date.now() + 90_000;
    while ((await store.list({})).length > 0 && Date.now() < deadline) {
      await sleep(500);
    }
    expect(await store.list({})).toEqual([]);

    const calls = [...a.tornDown, ...b.tornDown];
    expect(calls).toHaveLength(COUNT);
    expect(new Set(calls).size).toBe(COUNT);
    const destroyed = await first('environment_events')
      .where('type', 'destroyed')
      .count({ n: '*' });
    expect(Number(destroyed[0].n)).toBe(COUNT);
    // Both replicas scheduled the one global task: the scheduler shares it through the database.
    const tasks = await first('backstage_backend_tasks__tasks').select('id');
    expect(tasks.map(t => t.id)).toContain('environments-lifecycle');
  });
});
