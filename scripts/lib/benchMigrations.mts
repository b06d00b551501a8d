/**
 * Time per database migration (issue 16, Deliver 1): every migrations directory the Runway backend
 * runs, on the embedded default (in-memory SQLite through better-sqlite3) and on PostgreSQL.
 *
 * The plugins are the packages packages/backend/src adds (index.ts and the feature list it reads)
 * whose package root has a `migrations` directory, as each plugin's
 * `resolvePackagePath(pkg, 'migrations')` finds it, with knex's default migration table (each
 * plugin has its own database, so the names never collide); plus the two core services of
 * @backstage/backend-defaults that migrate inside every plugin database that uses them, with their
 * own tables: the scheduler (plugins with global tasks) and the service-to-service auth key store
 * (plugins that call other plugins). No plugin's migrations need another plugin's tables.
 *
 * Per plugin, database and repetition: a fresh database (SQLite `:memory:`; on PostgreSQL one
 * uniquely named database per plugin and run, dropped afterwards, its `public` schema dropped and
 * made again between measurements) and a new connection opened (untimed: the backend holds one
 * anyway); knex's own set-up timed apart (`migrate.currentVersion()` creates its migration and
 * lock tables, which would otherwise land on the first file); then `migrate.up()` until nothing is
 * pending, each call timed and attributed to the file it ran. A call includes knex's bookkeeping
 * (migration table check, lock, the migration's transaction), which the backend's
 * `migrate.latest()` pays once per batch rather than once per file (measured: about 1 ms per file
 * on SQLite, 5 ms on PostgreSQL), so a plugin's total is measured apart: one `migrate.latest()` on
 * a fresh database again, as the plugin runs it at start. Figures are medians over
 * RUNWAY_BENCH_MIGRATION_RUNS repetitions (default 3).
 *
 * PostgreSQL: RUNWAY_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432), a role that
 * may create databases. Migrations that refuse SQLite (search-backend-module-pg: its plugin loads
 * it on PostgreSQL only) are reported as not run there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexModule, { type Knex } from 'knex';

// knex is CommonJS: Node's ESM import sees its module.exports as the default export only.
const knex = knexModule as unknown as typeof knexModule.knex;

export type FileTiming = { file: string; sqliteMs: number; postgresMs: number };

export type MigrationTiming = {
  plugin: string;
  migrations: number;
  /**
   * Median of `migrate.latest()` on a fresh in-memory SQLite database, as the plugin runs it at
   * start; NaN when the plugin does not migrate SQLite.
   */
  sqliteMs: number;
  /** Median of `migrate.latest()` on a fresh PostgreSQL database. */
  postgresMs: number;
  /**
   * This plugin's five slowest migrations (by the sum of the two medians), slowest first. Per file:
   * the median of its own `migrate.up()` call, knex's bookkeeping around the call included.
   */
  slowest: FileTiming[];
  /** Every migration of the plugin, in the order they run. */
  files: FileTiming[];
  /**
   * The per-file figures' sum with knex's set-up: above the totals by knex's bookkeeping around
   * each `migrate.up()` call, which `migrate.latest()` pays once.
   */
  upsTotal: { sqliteMs: number; postgresMs: number };
  /** knex creating its migration and lock tables before the first file (in both totals). */
  knexSetup: { sqliteMs: number; postgresMs: number };
  /** Why a figure is missing or what it stands for. */
  note?: string;
};

export type MigrationSet = {
  plugin: string;
  directory: string;
  tableName: string;
  note?: string;
};

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const RUNS = Number(process.env.RUNWAY_BENCH_MIGRATION_RUNS ?? 3);
const POSTGRES_URL =
  process.env.RUNWAY_BENCH_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
const DEFAULT_TABLE = 'knex_migrations';
/** The key of knex's own set-up (its migration and lock tables) among a run's times. */
const SETUP = '(knex migration tables)';
/** knex logs a failed migration before rejecting; the failure is reported in the table instead. */
const quiet = {
  warn() {},
  error() {},
  deprecate() {},
  debug() {},
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The package's root as the backend resolves it (the backend's own node_modules first). */
function packageDir(name: string): string | undefined {
  for (const base of [
    path.join(repoRoot, 'packages/backend/node_modules'),
    path.join(repoRoot, 'node_modules'),
  ]) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json')))
      return fs.realpathSync(dir);
  }
  return undefined;
}

const migrationFiles = (directory: string) =>
  fs
    .readdirSync(directory)
    .filter(f => f.endsWith('.js'))
    .sort();

/** The migration sets the backend runs: its plugins' and the core services'. */
export function migrationSets(): MigrationSet[] {
  // The packages the backend's wiring imports (index.ts, or the feature list it reads).
  const src = path.join(repoRoot, 'packages/backend/src');
  const wiring = fs
    .readdirSync(src)
    .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map(f => fs.readFileSync(path.join(src, f), 'utf8'))
    .join('\n');
  const packages = [
    ...new Set(
      [...wiring.matchAll(/import\(\s*'([^.'][^']*)'\s*\)/g)].map(m => m[1]),
    ),
  ];
  if (!packages.includes('@backstage/plugin-catalog-backend'))
    throw new Error(`no plugins found in ${src}: has the wiring moved?`);
  const sets: MigrationSet[] = [];
  for (const name of packages) {
    const dir = packageDir(name);
    if (!dir)
      throw new Error(`${name} (added by the backend) is not installed`);
    const directory = path.join(dir, 'migrations');
    if (!fs.existsSync(directory) || migrationFiles(directory).length === 0)
      continue;
    sets.push({
      plugin: name.replace('/plugin-', '/'),
      directory,
      tableName: DEFAULT_TABLE,
    });
  }
  const defaults = packageDir('@backstage/backend-defaults');
  if (!defaults)
    throw new Error('@backstage/backend-defaults is not installed');
  sets.push(
    {
      // DefaultSchedulerService → migrateBackendTasks (backstage_backend_tasks__knex_migrations)
      plugin: '@backstage/backend-defaults scheduler',
      directory: path.join(defaults, 'migrations/scheduler'),
      tableName: 'backstage_backend_tasks__knex_migrations',
      note: 'in each plugin database with a scheduled task',
    },
    {
      // DatabaseKeyStore (backstage_backend_public_keys__knex_migrations)
      plugin: '@backstage/backend-defaults auth keys',
      directory: path.join(defaults, 'migrations/auth'),
      tableName: 'backstage_backend_public_keys__knex_migrations',
      note: 'in each plugin database that issues service tokens',
    },
  );
  return sets;
}

/** A plugin's scratch database, emptied for each measurement. */
type Scratch = {
  /** A new connection to an empty database; the caller destroys it. */
  fresh(): Promise<Knex>;
  dispose(): Promise<void>;
};

type Backend = {
  scratch(label: string): Promise<Scratch>;
  shutdown(): Promise<void>;
};

const sqlite: Backend = {
  async scratch() {
    return {
      async fresh() {
        return knex({
          client: 'better-sqlite3',
          connection: { filename: ':memory:' },
          useNullAsDefault: true,
          log: quiet,
        });
      },
      async dispose() {},
    };
  },
  async shutdown() {},
};

/**
 * One uniquely named database per plugin and run, dropped afterwards; between measurements its
 * schema is dropped and made again (CREATE DATABASE costs more than all the migrations).
 */
function postgres(): Backend {
  const server = POSTGRES_URL.replace(/\/+$/, '');
  const admin = knex({
    client: 'pg',
    connection: `${server}/postgres`,
    pool: { min: 0, max: 1 },
  });
  const prefix = `runway_migbench_${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  return {
    async scratch(label: string) {
      const name = `${prefix}_${n++}_${label
        .replace(/[^a-z0-9]+/gi, '_')
        .toLowerCase()}`.slice(0, 63);
      await admin.raw('CREATE DATABASE ??', [name]);
      let used = false;
      return {
        async fresh() {
          const db = knex({
            client: 'pg',
            connection: `${server}/${name}`,
            log: quiet,
          });
          if (used)
            await db.raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
          used = true;
          return db;
        },
        async dispose() {
          await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
        },
      };
    },
    shutdown: () => admin.destroy(),
  };
}

/** One fresh database: each pending migration run by its own `migrate.up()`, timed. */
async function timeOnce(
  scratch: Scratch,
  set: MigrationSet,
): Promise<Map<string, number>> {
  const db = await scratch.fresh();
  const config = {
    directory: set.directory,
    tableName: set.tableName,
    loadExtensions: ['.js'],
  };
  const times = new Map<string, number>();
  try {
    // The connection is the backend's anyway: opened before the clock starts.
    await db.raw('select 1');
    // knex's migration and lock tables, created on the first call: not the first file's cost.
    let started = performance.now();
    await db.migrate.currentVersion(config);
    times.set(SETUP, performance.now() - started);
    for (;;) {
      started = performance.now();
      const [, ran] = (await db.migrate.up(config)) as [number, string[]];
      const ms = performance.now() - started;
      if (ran.length === 0) break;
      times.set(ran[0], ms);
    }
  } finally {
    await db.destroy();
  }
  return times;
}

/** One fresh database: `migrate.latest()` as the plugin runs it at start, timed whole. */
async function timeLatest(
  scratch: Scratch,
  set: MigrationSet,
): Promise<number> {
  const db = await scratch.fresh();
  try {
    await db.raw('select 1');
    const started = performance.now();
    await db.migrate.latest({
      directory: set.directory,
      tableName: set.tableName,
      loadExtensions: ['.js'],
    });
    return performance.now() - started;
  } finally {
    await db.destroy();
  }
}

type Medians = {
  /** `migrate.latest()` on a fresh database: what the plugin pays at start. */
  total: number;
  /** The per-file `migrate.up()` calls and knex's set-up, summed. */
  upsTotal: number;
  setup: number;
  perFile: Map<string, number>;
};

async function measure(
  backend: Backend,
  set: MigrationSet,
): Promise<Medians | string> {
  const runs: Map<string, number>[] = [];
  const latest: number[] = [];
  const scratch = await backend.scratch(set.plugin);
  try {
    for (let i = 0; i < RUNS; i++) {
      runs.push(await timeOnce(scratch, set));
      latest.push(await timeLatest(scratch, set));
    }
  } catch (error) {
    // knex: "<statement> - <the database's reason>"
    return (error as Error).message.split('\n')[0].split(' - ').pop()!;
  } finally {
    await scratch.dispose();
  }
  const perFile = new Map<string, number>();
  for (const file of runs[0].keys())
    if (file !== SETUP)
      perFile.set(file, median(runs.map(r => r.get(file) ?? NaN)));
  const setup = median(runs.map(r => r.get(SETUP) ?? NaN));
  const upsTotal = median(
    runs.map(r => [...r.values()].reduce((a, b) => a + b)),
  );
  return { total: median(latest), upsTotal, setup, perFile };
}

/** Time per migration of every plugin the backend runs, on SQLite and PostgreSQL. */
export async function migrationTimings(): Promise<MigrationTiming[]> {
  const pg = postgres();
  const results: MigrationTiming[] = [];
  try {
    for (const set of migrationSets()) {
      const files = migrationFiles(set.directory);
      const onSqlite = await measure(sqlite, set);
      const onPostgres = await measure(pg, set);
      if (typeof onPostgres === 'string')
        throw new Error(`${set.plugin} on PostgreSQL: ${onPostgres}`);
      const notes = set.note ? [set.note] : [];
      if (typeof onSqlite === 'string')
        notes.push(`PostgreSQL only (SQLite: ${onSqlite})`);
      const sqliteOf = (file: string) =>
        typeof onSqlite === 'string' ? NaN : onSqlite.perFile.get(file) ?? NaN;
      const perFile = files.map(file => ({
        file,
        sqliteMs: sqliteOf(file),
        postgresMs: onPostgres.perFile.get(file) ?? NaN,
      }));
      const cost = (f: FileTiming) => f.postgresMs + (f.sqliteMs || 0);
      const slowest = [...perFile].sort((a, b) => cost(b) - cost(a));
      results.push({
        plugin: set.plugin,
        migrations: files.length,
        sqliteMs: typeof onSqlite === 'string' ? NaN : onSqlite.total,
        postgresMs: onPostgres.total,
        slowest: slowest.slice(0, 5),
        files: perFile,
        upsTotal: {
          sqliteMs: typeof onSqlite === 'string' ? NaN : onSqlite.upsTotal,
          postgresMs: onPostgres.upsTotal,
        },
        knexSetup: {
          sqliteMs: typeof onSqlite === 'string' ? NaN : onSqlite.setup,
          postgresMs: onPostgres.setup,
        },
        ...(notes.length ? { note: notes.join('; ') } : {}),
      });
    }
  } finally {
    await pg.shutdown();
  }
  return results;
}

const ms = (value: number) =>
  Number.isNaN(value) ? 'n/a' : value.toFixed(value < 10 ? 1 : 0);

/** The figures as markdown: one row per plugin, then the five slowest migrations overall. */
export function migrationTable(timings: MigrationTiming[]): string {
  const lines = [
    '| Plugin | Migrations | SQLite (ms) | PostgreSQL (ms) | of which knex set-up (SQLite / PostgreSQL) | one `up()` per file, summed (SQLite / PostgreSQL) | Note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...timings.map(
      t =>
        `| ${t.plugin} | ${t.migrations} | ${ms(t.sqliteMs)} | ${ms(
          t.postgresMs,
        )} | ${ms(t.knexSetup.sqliteMs)} / ${ms(t.knexSetup.postgresMs)} | ${ms(
          t.upsTotal.sqliteMs,
        )} / ${ms(t.upsTotal.postgresMs)} | ${t.note ?? ''} |`,
    ),
  ];
  const sum = (key: 'sqliteMs' | 'postgresMs') =>
    timings.reduce((a, t) => a + (Number.isNaN(t[key]) ? 0 : t[key]), 0);
  lines.push(
    `| **All** | ${timings.reduce((a, t) => a + t.migrations, 0)} | ${ms(
      sum('sqliteMs'),
    )} | ${ms(sum('postgresMs'))} | | | sum, each set once |`,
  );
  const all = timings.flatMap(t =>
    t.files.map(f => ({ plugin: t.plugin, ...f })),
  );
  const slowest = [...all]
    .sort((a, b) => b.postgresMs - a.postgresMs)
    .slice(0, 5);
  const slowestSqlite = all
    .filter(s => !Number.isNaN(s.sqliteMs))
    .sort((a, b) => b.sqliteMs - a.sqliteMs)
    .slice(0, 5);
  const slowTable = (
    title: string,
    rows: (FileTiming & { plugin: string })[],
  ) => [
    '',
    title,
    '',
    '| Plugin | Migration | SQLite (ms) | PostgreSQL (ms) |',
    '| --- | --- | ---: | ---: |',
    ...rows.map(
      s =>
        `| ${s.plugin} | ${s.file} | ${ms(s.sqliteMs)} | ${ms(s.postgresMs)} |`,
    ),
  ];
  lines.push(
    ...slowTable('Slowest migrations on PostgreSQL:', slowest),
    ...slowTable('Slowest migrations on SQLite:', slowestSqlite),
  );
  return lines.join('\n');
}
