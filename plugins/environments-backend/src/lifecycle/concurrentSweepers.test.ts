/**
 * Two backend replicas: two sweepers, each with its own connection pool, over one database full
 * of expired environments. Each owner must be warned exactly once, and each environment torn down
 * exactly once.
 */
import knexFactory, { Knex } from 'knex';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import {
  FakeClock,
  START,
  addDays,
  lifecycleOn,
  newEnvironment,
} from '../__testUtils__/fixtures';
import { DatabaseEnvironmentStore } from '../database/DatabaseEnvironmentStore';

jest.setTimeout(120_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

const COUNT = 200;

describe.each(databases.eachSupportedId())('two sweepers on %s', databaseId => {
  let second: Knex | undefined;
  afterEach(async () => {
    await second?.destroy();
    second = undefined;
  });

  it(`tear each of ${COUNT} expired environments down exactly once`, async () => {
    const first = await databases.init(databaseId);
    const shared = await DatabaseEnvironmentStore.fromKnex(first);
    for (let i = 0; i < COUNT; i++) {
      await shared.insert(
        newEnvironment({
          name: `env-${i}`,
          type: i % 2 ? 'staging' : 'feature',
          createdAt: addDays(START, -(i % 5)),
          lifetimeDays: 1,
        }),
      );
    }
    // SQLite in memory is one connection; PostgreSQL gets a second pool, as a replica would.
    second = databaseId.startsWith('POSTGRES')
      ? knexFactory(first.client.config)
      : undefined;
    const clock = new FakeClock(addDays(START, 2));
    const a = await lifecycleOn(first, { clock, batchSize: 5 });
    const b = await lifecycleOn(second ?? first, { clock, batchSize: 5 });
    a.teardown.delayMs = 1;
    b.teardown.delayMs = 1;
    // Both replicas warn at once: each owner hears it once, and teardown waits a day for it.
    await Promise.all([a.sweeper.sweep(), b.sweeper.sweep()]);
    const warned = [...a.notifier.warnings, ...b.notifier.warnings];
    expect(warned).toHaveLength(COUNT);
    expect(new Set(warned.map(w => w.name)).size).toBe(COUNT);
    clock.advanceHours(24);

    // Three sweeps per replica at once, small batches: claims and teardown bookkeeping of
    // different sweeps interleave on the same rows (this once deadlocked on PostgreSQL).
    const results = await Promise.all(
      [a, b, a, b, a, b].map(replica => replica.sweeper.sweep()),
    );

    const calls = [...a.teardown.calls, ...b.teardown.calls];
    const perName = new Map<string, number>();
    for (const name of calls) perName.set(name, (perName.get(name) ?? 0) + 1);
    expect(perName.size).toBe(COUNT);
    expect([...perName.values()].every(n => n === 1)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.tornDown, 0)).toBe(COUNT);
    // Which replica claims what depends on scheduling (on a loaded machine one may claim all of
    // it); the property that matters is above: every environment torn down exactly once.
    const left = await shared.list({});
    expect(left).toEqual([]);
    const destroyedEvents = await first('environment_events')
      .where('type', 'destroyed')
      .count({ n: '*' });
    expect(Number(destroyedEvents[0].n)).toBe(COUNT);
  });
});
