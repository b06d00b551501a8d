/**
 * The catalogue at 10,000 entities on PostgreSQL, alone (`yarn bench` runs it too):
 *
 *   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/bench-catalog.mts \
 *     [--samples 200] [--config extra.json] [--catalog-sql file.sql] [--json]
 *
 * --config lays a JSON config file over the bench's own, to try a backend setting;
 * --catalog-sql runs a SQL file in the catalog's database once it is loaded, to try an index;
 * --json prints the result as JSON. Needs `yarn build:all` first and PostgreSQL on
 * 127.0.0.1:5432 (trust auth). See scripts/lib/benchCatalog.mts for what is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  catalogAtScale,
  type CatalogAtScaleResult,
} from './lib/benchCatalog.mts';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    config: { type: 'string' },
    'catalog-sql': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const extra = values.config
  ? JSON.parse(fs.readFileSync(values.config, 'utf8'))
  : undefined;
const log = (message: string) =>
  process.stderr.write(
    `${new Date().toISOString().slice(11, 19)} ${message}\n`,
  );

const result: CatalogAtScaleResult = await catalogAtScale({
  samples: Number(values.samples),
  config: extra,
  catalogSql: values['catalog-sql']
    ? fs.readFileSync(values['catalog-sql'], 'utf8')
    : undefined,
  log,
});

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const targets: Record<string, number> = {
    list: 250,
    entity: 150,
    search: 300,
  };
  console.log(
    `Catalogue at ${result.entities.toLocaleString(
      'en-GB',
    )} entities on PostgreSQL — ${new Date().toISOString().slice(0, 10)}, ${
      os.cpus().length
    } × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; ${
      result.samples
    } page loads each; server autovacuum ${result.autovacuum}`,
  );
  console.log(
    `load: ready ${result.startSeconds.toFixed(
      1,
    )} s, catalogue complete ${result.loadSeconds.toFixed(
      1,
    )} s, search indexed ${result.indexedSeconds.toFixed(1)} s (from spawn)`,
  );
  for (const page of ['list', 'listNext', 'entity', 'search'] as const) {
    const { p50, p95 } = result[page];
    const target = targets[page];
    console.log(
      `${page.padEnd(10)} p50 ${ms(p50).padStart(7)}  p95 ${ms(p95).padStart(
        7,
      )}${
        target
          ? `  (target p95 ≤ ${target} ms: ${p95 <= target ? 'met' : 'MISSED'})`
          : ''
      }`,
    );
  }
  console.log(
    `CPU per page load (50 back-to-back): ${(
      ['list', 'entity', 'search'] as const
    )
      .map(
        page =>
          `${page} backend ${ms(result.cpu[page].backend)} + PostgreSQL ${ms(
            result.cpu[page].postgres,
          )}`,
      )
      .join('; ')}`,
  );
  console.log(
    `machine load average (1 min) ${result.loadAverage
      .map(l => l.toFixed(2))
      .join(' → ')} on ${os.cpus().length} cores while measuring`,
  );
  console.log('per request:');
  for (const [label, r] of Object.entries(result.requests)) {
    console.log(
      `  ${label.padEnd(42)} p50 ${ms(r.p50).padStart(7)}  p95 ${ms(
        r.p95,
      ).padStart(7)}  (${r.count})`,
    );
  }
}
