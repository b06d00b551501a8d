/**
 * `yarn bench`: one lifecycle sweep over `count` environments in in-memory SQLite (a quarter
 * expired, a quarter idle feature environments, a quarter due a warning, a quarter healthy), with
 * a no-op teardown and notifier so the figure is the lifecycle's own cost (after a sweep a day
 * earlier has warned the owners). Target: at most 1 s
 * for 10,000 environments.
 */
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { addDays, addHours } from '@runway/plugin-environments-common';
import { randomUUID } from 'node:crypto';
import knexFactory from 'knex';
import { DatabaseEnvironmentStore } from './database/DatabaseEnvironmentStore';
import { NewEnvironment } from './database/EnvironmentStore';
import { toRow } from './database/rows';
import { LifecycleSweeper } from './lifecycle/LifecycleSweeper';
import { TeardownRunner } from './lifecycle/TeardownRunner';
import { DEFAULT_SETTINGS } from './settings';

const silent: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silent,
};
const noAudit: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

export async function benchSweep(
  count = 10000,
): Promise<{ seconds: number; environments: number; tornDown: number }> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    const store = await DatabaseEnvironmentStore.fromKnex(knex);
    const now = new Date('2026-11-22T12:00:00Z');
    await knex.batchInsert(
      'environments',
      Array.from({ length: count }, (_, i) =>
        toRow(randomUUID(), seed(i, now)),
      ),
      500,
    );
    // A teardown needs a warning delivered long enough before it: a sweep 25 hours earlier warns
    // the expired and the idle quarters, so the measured sweep tears them down.
    let at = addHours(now, -25);
    const clock = { now: () => at };
    const sweeper = new LifecycleSweeper({
      store,
      clock,
      logger: silent,
      auditor: noAudit,
      settings: DEFAULT_SETTINGS,
      notifier: { warn: async () => {}, warnIdle: async () => {} },
      runner: new TeardownRunner({
        store,
        clock,
        logger: silent,
        teardown: { teardown: async () => {} },
      }),
    });
    await sweeper.sweep();
    at = now;
    const started = process.hrtime.bigint();
    const result = await sweeper.sweep();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, environments: count, tornDown: result.tornDown };
  } finally {
    await knex.destroy();
  }
}

/** Environment `i`: expired, idle (feature), due a warning, or healthy, in turn. */
function seed(i: number, now: Date): NewEnvironment {
  const kind = i % 4;
  const createdAt = addDays(now, kind === 0 ? -8 : -2);
  const expiresAt = [
    addHours(now, -1),
    addDays(now, 5),
    addHours(now, 6),
    addDays(now, 5),
  ][kind];
  return {
    name: `env-${i}`,
    type: kind === 1 ? 'feature' : 'staging',
    ownerTeam: `group:default/team-${i % 10}`,
    requestedBy: `user:default/user-${i % 50}`,
    services: [
      {
        entityRef: `component:default/service-${i % 20}`,
        branch: `feature-${i}`,
      },
    ],
    urls: {},
    createdAt,
    expiresAt,
    quota: DEFAULT_SETTINGS.quotas.staging,
    rates: DEFAULT_SETTINGS.rates,
  };
}
