/**
 * Time per database migration of every plugin the Runway backend runs, on in-memory SQLite and on
 * PostgreSQL (issue 16; scripts/lib/benchMigrations.mts says what is measured and how).
 *   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/bench-migrations.mts
 * Prints a markdown table for docs/benchmarks.md. RUNWAY_BENCH_MIGRATION_RUNS sets the repetitions
 * (default 3), RUNWAY_BENCH_POSTGRES_URL the server (default postgresql://postgres@127.0.0.1:5432).
 */
import os from 'node:os';
import { migrationTable, migrationTimings } from './lib/benchMigrations.mts';

const started = performance.now();
const timings = await migrationTimings();
console.log(
  `Migrations — ${new Date().toISOString().slice(0, 10)}, ${
    os.cpus().length
  } × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; medians of ${
    process.env.RUNWAY_BENCH_MIGRATION_RUNS ?? 3
  } runs, ${((performance.now() - started) / 1000).toFixed(1)} s in all\n`,
);
console.log(migrationTable(timings));
