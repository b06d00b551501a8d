/**
 * The catalogue at 10,000 entities on PostgreSQL (issue 16, point 4).
 *
 * The built backend (packages/backend/dist/bundle.tar.gz) starts on the embedded default config
 * with these overrides:
 *   - backend.database: the machine's PostgreSQL (client pg), one database per plugin as in
 *     production (app-config.production.yaml), under a prefix unique to the run
 *     (`runway_bench_<run>_catalog`, `..._search`, ...); every one is dropped afterwards.
 *   - catalog.locations: only the generated entities (scripts/lib/catalogFixtures.mts, 10,000:
 *     Groups, Users, Domains, Systems, Components, APIs, Resources), as YAML files behind one
 *     `file` location allowing every kind. The demo organisation, catalog-info.yaml and the
 *     templates are not loaded; the catalogue holds the 10,000 plus the location's own Location
 *     entity.
 *   - search: the catalog collator on a manual trigger, fired once the catalogue is complete
 *     (its default first run, 3 s after start, would index a partial catalogue and the next
 *     would be 10 minutes later); search.pg as in app-config.production.yaml (highlighting on).
 *   - runway.catalogDrift.enabled: false (its hourly GitHub check of every component would
 *     ask whatever answers on the devstack's port, differently from one run to the next).
 *
 * The load is timed from spawn to all 10,000 processed and stitched (the API counts them, the
 * catalog database has no entity left unprocessed or waiting to be stitched, and the last
 * entities' relations are there both ways), then to the search index holding them. Then every
 * database is vacuumed and analysed, as autovacuum would have done by then: see
 * `vacuumDatabases`. The catalogue keeps its default processing interval while it is
 * measured (each entity processed again every 100-150 s), as it would in production.
 *
 * Then the three pages are loaded as the guest (the embedded default's user, a member of
 * `storefront`, which the permission policy gives conditional catalogue reads like any engineer
 * outside the platform team), with the requests the built frontend makes for them: see
 * `listPage`, `entityPage` and `searchPage` for which requests and why. A "page load" is that
 * page's requests issued as the frontend issues them (in parallel, at most 6 in flight as a
 * browser's connections to one host, in the waves the frontend waits for), timed from the
 * first request to the last response body read; p50/p95 (nearest rank) are over
 * 200 page loads of each kind, after 20 of warm-up, with the names, filters and terms varied
 * deterministically. One page load at a time (a single user): the latencies are the server's,
 * not a load test.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startBuiltBackend, type BuiltBackend } from './builtBackend.mts';
import {
  COUNTS,
  GUEST_TEAM,
  TOTAL_ENTITIES,
  WORDS,
  generateCatalog,
  writeCatalog,
  type Catalog,
} from './catalogFixtures.mts';
import { guestToken } from './runwayApi.mts';

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** The guest's ownership claims (app-config.yaml auth.providers.guest), as the frontend sends them. */
const GUEST_CLAIMS = ['user:development/guest', `group:default/${GUEST_TEAM}`];

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface CatalogAtScaleResult {
  /** The catalogue list page (/catalog): pickers' facets, counts and the table's first page. */
  list: Percentiles;
  /** The list's "next page": one cursor request. */
  listNext: Percentiles;
  /** A Component's page: the entity, then its overview's catalogue requests. */
  entity: Percentiles;
  /** The search page with a term: results and the per-type counts. */
  search: Percentiles;
  /** Page loads measured of each kind. */
  samples: number;
  /** Entities generated and registered. */
  entities: number;
  /** Seconds from spawn to the backend answering readiness. */
  startSeconds: number;
  /** Seconds from spawn to all entities processed and stitched. */
  loadSeconds: number;
  /** Seconds from spawn to the search index holding them all. */
  indexedSeconds: number;
  /** The PostgreSQL server's autovacuum setting (the bench vacuums and analyses itself). */
  autovacuum: string;
  /** CPU ms per page load, backend and PostgreSQL: the figures machine noise hardly moves. */
  cpu: Record<'list' | 'entity' | 'search', CpuPerPage>;
  /** The machine's 1-minute load average before and after the latencies were measured. */
  loadAverage: [number, number];
  /** Each request kind's own latency (ms), for finding the slow one. */
  requests: Record<string, Percentiles & { count: number }>;
}

export interface CatalogAtScaleOptions {
  port?: number;
  /** Page loads measured per page (after the warm-up). */
  samples?: number;
  /** Extra config laid over the bench's (e.g. a backend setting being tried). */
  config?: object;
  /** SQL run in the catalog's database once it is loaded (e.g. an index being tried). */
  catalogSql?: string;
  log?: (message: string) => void;
}

/**
 * Runs SQL with psql. Asynchronous on purpose: a process blocked for seconds (a VACUUM) would
 * miss the backend closing its idle keep-alive connections, and the next request would go out
 * on a closed one.
 */
async function psql(sql: string, database = 'postgres'): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'psql',
    [
      '-h',
      POSTGRES.host,
      '-p',
      String(POSTGRES.port),
      '-U',
      POSTGRES.user,
      '-d',
      database,
      '-v',
      'ON_ERROR_STOP=1',
      '-tAc',
      sql,
    ],
    { encoding: 'utf8' },
  );
  return stdout.trim();
}

/** The run's databases (one per plugin). */
async function databases(prefix: string): Promise<string[]> {
  const names = await psql(
    `SELECT datname FROM pg_database WHERE starts_with(datname, '${prefix}')`,
  );
  return names.split('\n').filter(Boolean);
}

export async function dropDatabases(prefix: string) {
  for (const name of await databases(prefix)) {
    // Quoted as an SQL identifier: a double quote in a name is doubled.
    await psql(`DROP DATABASE "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  }
}

/**
 * Vacuums and analyses the loaded tables, as autovacuum would have by then: the catalog sets
 * its busy tables (search, final_entities, relations) to be vacuumed and analysed after 1% of
 * them changes, but this machine's server runs with autovacuum off (its CI configuration).
 * Without statistics PostgreSQL plans the 280,000-row search table as if it were empty (a list
 * filtered on kind and type then takes 4 s instead of 40 ms), and without a vacuum its
 * visibility map is empty, so the covering indexes cannot serve index-only scans (the facets
 * take twice as long). Returns the server's autovacuum setting.
 */
export async function vacuumDatabases(prefix: string): Promise<string> {
  for (const name of await databases(prefix)) {
    await psql('VACUUM ANALYZE', name);
  }
  return psql('SHOW autovacuum');
}

/** The percentile by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const percentiles = (values: number[]): Percentiles => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
});

/** A query string as the catalog client's URI templates write it (arrays repeat the key). */
function query(params: Record<string, string | number | string[] | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) search.append(key, String(v));
  }
  return search.toString();
}

/** The catalog client's `filter` value: one filter set, its conditions joined by commas. */
function filterSet(conditions: Record<string, string | string[]>): string {
  return Object.entries(conditions)
    .flatMap(([key, values]) => [values].flat().map(v => `${key}=${v}`))
    .join(',');
}

export interface ScaleBackend {
  backend: BuiltBackend;
  url: string;
  token: string;
  catalog: Catalog;
  /** The databases' name prefix (the catalog's is `${prefix}catalog`). */
  prefix: string;
  startSeconds: number;
  loadSeconds: number;
  indexedSeconds: number;
  /** The PostgreSQL server's autovacuum setting (the bench vacuums and analyses itself). */
  autovacuum: string;
  stop(): Promise<void>;
}

/** Starts the built backend on a fresh PostgreSQL with the 10,000 entities, loaded and indexed. */
export async function startCatalogAtScale(
  options: CatalogAtScaleOptions = {},
): Promise<ScaleBackend> {
  const log = options.log ?? (() => {});
  const run = `${Date.now().toString(36)}_${process.pid}`;
  const prefix = `runway_bench_${run}_`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-catalog-bench-'));
  const catalog = generateCatalog();
  const target = writeCatalog(catalog, dir);
  const config = {
    backend: {
      database: {
        client: 'pg',
        connection: { ...POSTGRES },
        prefix,
      },
    },
    catalog: {
      locations: [
        {
          type: 'file',
          target,
          rules: [
            {
              allow: [
                'Component',
                'System',
                'Domain',
                'API',
                'Resource',
                'Location',
                'User',
                'Group',
              ],
            },
          ],
        },
      ],
    },
    // Runway's hourly drift check asks GitHub (here whatever answers on the devstack's port)
    // about each of the 5,000 components from 2 minutes after start: not a catalogue query,
    // and not the same from one run to the next.
    runway: { catalogDrift: { enabled: false } },
    search: {
      collators: {
        catalog: {
          schedule: {
            frequency: { trigger: 'manual' },
            timeout: { minutes: 15 },
          },
        },
      },
      // As app-config.production.yaml.
      pg: { highlightOptions: { useHighlight: true } },
    },
  };
  const cleanup = async () => {
    await dropDatabases(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  // The bench fills and then drops scratch databases of its own; a --config that moved the
  // backend to another database would fill that one with 10,000 generated entities.
  if (
    (options.config as { backend?: { database?: unknown } })?.backend?.database
  ) {
    throw new Error(
      'catalogue bench: --config may not set backend.database (the bench uses scratch databases of its own)',
    );
  }
  let backend: BuiltBackend;
  try {
    backend = await startBuiltBackend({
      name: 'bench-catalog',
      port: options.port ?? 7197,
      config: mergeConfig(config, options.config ?? {}),
      timeoutSeconds: 300,
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  // Interrupted, the run still stops its backend and drops its databases.
  const interrupted = async (signal: NodeJS.Signals) => {
    await stop();
    process.kill(process.pid, signal);
  };
  const stop = async () => {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await backend.stop();
    await cleanup();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const startSeconds = elapsed();
    log(`backend ready in ${startSeconds.toFixed(1)} s; loading the catalogue`);
    const { url } = backend;
    const token = await guestToken(url);
    await waitForCatalog(url, token, catalog, `${prefix}catalog`, log);
    const loadSeconds = elapsed();
    log(`catalogue complete at ${loadSeconds.toFixed(1)} s; indexing search`);
    await indexSearch(url, token, catalog, `${prefix}search`, log);
    const indexedSeconds = elapsed();
    log(`search index complete at ${indexedSeconds.toFixed(1)} s`);
    if (options.catalogSql) await psql(options.catalogSql, `${prefix}catalog`);
    const autovacuum = await vacuumDatabases(prefix);
    return {
      backend,
      url,
      token,
      catalog,
      prefix,
      startSeconds,
      loadSeconds,
      indexedSeconds,
      autovacuum,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Config objects merged as the backend merges --config files (objects deep, the rest replaced). */
function mergeConfig(base: object, over: object): object {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      isObject(current) && isObject(value)
        ? mergeConfig(current, value)
        : value;
  }
  return out;
}

const isObject = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function getJson(url: string, token: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

/**
 * Waits until the API counts all generated entities, the catalog database has none left
 * unprocessed nor queued for stitching, and the last entities' relations are stitched both ways.
 */
async function waitForCatalog(
  url: string,
  token: string,
  catalog: Catalog,
  database: string,
  log: (message: string) => void,
  timeoutSeconds = 1800,
) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const api = `${url}/api/catalog`;
  const lastUser = catalog.names.users.at(-1)!;
  const lastComponent = catalog.entities
    .filter(e => e.kind === 'Component')
    .at(-1)!;
  let lastReport = 0;
  let state = '';
  while (Date.now() < deadline) {
    const counted = await getJson(
      `${api}/entities/by-query?${query({
        filter: ['kind=location'],
        limit: 0,
      })}`,
      token,
    ).then(async locations => {
      const all = await getJson(`${api}/entities/by-query?limit=0`, token);
      return all.totalItems - locations.totalItems;
    });
    let pending = 'unknown';
    try {
      pending = await psql(
        `SELECT (SELECT count(*) FROM refresh_state WHERE processed_entity IS NULL) || '/' || (SELECT count(*) FROM stitch_queue)`,
        database,
      );
    } catch {
      // the catalog's tables are not there yet
    }
    state = `${counted}/${TOTAL_ENTITIES} entities served; unprocessed/queued for stitching: ${pending}`;
    if (counted === TOTAL_ENTITIES && pending === '0/0') {
      if (await relationsStitched(api, token, lastUser, lastComponent)) return;
    }
    if (Date.now() - lastReport > 15_000) {
      log(state);
      lastReport = Date.now();
    }
    await sleep(1000);
  }
  throw new Error(
    `the catalogue did not load within ${timeoutSeconds}s: ${state}`,
  );
}

async function relationsStitched(
  api: string,
  token: string,
  lastUser: string,
  lastComponent: Catalog['entities'][number],
): Promise<boolean> {
  const user = await getJson(
    `${api}/entities/by-name/user/default/${lastUser}`,
    token,
  );
  const team = user.relations?.find(
    (r: { type: string }) => r.type === 'memberOf',
  )?.targetRef;
  if (!team) return false;
  const [kind, rest] = team.split(':');
  const group = await getJson(`${api}/entities/by-name/${kind}/${rest}`, token);
  const member = group.relations?.some(
    (r: { type: string; targetRef: string }) =>
      r.type === 'hasMember' && r.targetRef === `user:default/${lastUser}`,
  );
  const component = await getJson(
    `${api}/entities/by-name/component/default/${lastComponent.metadata.name}`,
    token,
  );
  const expected = [
    ...(lastComponent.spec.dependsOn as string[]),
    ...(lastComponent.spec.consumesApis as string[]),
  ].length;
  const outgoing = (component.relations ?? []).filter((r: { type: string }) =>
    ['dependsOn', 'consumesApi'].includes(r.type),
  ).length;
  return Boolean(member) && outgoing === expected;
}

/** Fires the catalog collator and waits for its run to end with every entity searchable. */
async function indexSearch(
  url: string,
  token: string,
  catalog: Catalog,
  searchDatabase: string,
  log: (message: string) => void,
  timeoutSeconds = 900,
) {
  const tasksUrl = `${url}/api/search/.backstage/scheduler/v1/tasks`;
  const taskId = 'search_index_software_catalog';
  const deadline = Date.now() + timeoutSeconds * 1000;
  // The search plugin schedules its collators once it has started.
  while (true) {
    const { tasks } = await getJson(tasksUrl, token);
    if (tasks.some((t: { taskId: string }) => t.taskId === taskId)) break;
    if (Date.now() > deadline) throw new Error(`no ${taskId} task`);
    await sleep(500);
  }
  const res = await fetch(`${tasksUrl}/${taskId}/trigger`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    throw new Error(`triggering ${taskId}: ${res.status} ${await res.text()}`);
  }
  const lastComponent = catalog.names.components.at(-1)!;
  let state = '';
  while (Date.now() < deadline) {
    const { tasks } = await getJson(tasksUrl, token);
    const task = tasks.find((t: { taskId: string }) => t.taskId === taskId);
    state = JSON.stringify(task?.taskState);
    if (task?.taskState?.status === 'idle' && task.taskState.lastRunEndedAt) {
      if (task.taskState.lastRunError) {
        throw new Error(`${taskId} failed: ${task.taskState.lastRunError}`);
      }
      // The search API gives no total under conditional permissions (AuthorizedSearchEngine
      // leaves numberOfResults out), so the documents are counted in the search database.
      const indexed = Number(
        await psql(
          `SELECT count(*) FROM documents WHERE type = 'software-catalog'`,
          searchDatabase,
        ),
      );
      const found = await getJson(
        `${url}/api/search/query?${new URLSearchParams({
          term: lastComponent,
          'types[0]': 'software-catalog',
        })}`,
        token,
      );
      const served = found.results.some(
        (r: { document: { title: string } }) =>
          r.document.title === lastComponent,
      );
      if (indexed >= TOTAL_ENTITIES && served) return;
      log(`${indexed} documents indexed, waiting`);
    }
    await sleep(1000);
  }
  throw new Error(
    `search did not index the catalogue in ${timeoutSeconds}s: ${state}`,
  );
}

/** Fields the frontend's entity presentation API asks for (titles of entity references). */
const PRESENTATION_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.profile.displayName',
  'spec.type',
];
/** The entity page header's owner. */
const OWNER_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile',
];
/** The relation warning's check that every related entity exists. */
const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/** A browser opens at most 6 connections to one host (HTTP/1.1): so many requests in flight. */
const BROWSER_CONNECTIONS = 6;

interface Relation {
  type: string;
  targetRef: string;
}
interface ServedEntity {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  relations?: Relation[];
}

const refOf = (e: ServedEntity) =>
  `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`;
const unique = (refs: string[]) => [...new Set(refs)];
const targets = (e: ServedEntity, type: string, kind?: string) =>
  (e.relations ?? [])
    .filter(
      r => r.type === type && (!kind || r.targetRef.startsWith(`${kind}:`)),
    )
    .map(r => r.targetRef);

/**
 * One page load's requests: at most BROWSER_CONNECTIONS in flight, each one's latency recorded
 * under its label, bodies read in full.
 */
export class PageLoad {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly url: string;
  private readonly token: string;
  private readonly record: (label: string, ms: number) => void;
  constructor(
    url: string,
    token: string,
    record: (label: string, ms: number) => void,
  ) {
    this.url = url;
    this.token = token;
    this.record = record;
  }

  get(label: string, pathAndQuery: string) {
    return this.request(label, pathAndQuery);
  }

  byRefs(label: string, entityRefs: string[], fields?: string[]) {
    return this.request(
      label,
      '/api/catalog/entities/by-refs',
      JSON.stringify(fields ? { entityRefs, fields } : { entityRefs }),
    );
  }

  private async request(label: string, pathAndQuery: string, body?: string) {
    if (this.active >= BROWSER_CONNECTIONS) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
    this.active++;
    const started = performance.now();
    const send = () =>
      fetch(`${this.url}${pathAndQuery}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          Authorization: `Bearer ${this.token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body,
      });
    try {
      let res: Response;
      try {
        res = await send();
      } catch (error) {
        // A keep-alive connection the server closed as it was reused: a browser sends the
        // request again on a new one, and so does this (listed as "retried: <label>").
        const code = ((error as Error).cause as { code?: string } | undefined)
          ?.code;
        if (code !== 'UND_ERR_SOCKET') throw error;
        this.record(`retried: ${label}`, performance.now() - started);
        res = await send();
      }
      const text = await res.text();
      if (!res.ok) {
        throw new Error(`${pathAndQuery}: ${res.status} ${text.slice(0, 500)}`);
      }
      this.record(label, performance.now() - started);
      return JSON.parse(text);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const facets = (facet: string, filter?: Record<string, string | string[]>) =>
  `/api/catalog/entity-facets?${query({
    facet,
    filter: filter && filterSet(filter),
  })}`;

const byQuery = (params: {
  filter: Record<string, string | string[]>;
  limit: number;
  orderField?: boolean;
  totalItems?: 'exclude';
}) =>
  // The catalog client's order: limit, orderField, filter, totalItems.
  `/api/catalog/entities/by-query?${query({
    limit: params.limit,
    orderField: params.orderField ? 'metadata.name,asc' : undefined,
    filter: filterSet(params.filter),
    totalItems: params.totalItems,
  })}`;

export interface ListView {
  /** The user picker: the guest's own (the page's default) or all. */
  user: 'owned' | 'all';
  type?: string;
  lifecycle?: string;
}

/**
 * The catalogue page (/catalog) as the built frontend loads it (recorded from Chromium):
 * cursor pagination of 20, kind picker on Component, user picker, and the owner, type,
 * lifecycle, tag and namespace pickers.
 *   wave 1, at mount: every picker's facets (lifecycle, tags and namespace once without and once
 *     with the kind filter, as the pickers do while the kind filter settles), the user picker's
 *     owned and all counts, the table's first page and its total;
 *   wave 2, once the owned count is back and not 0 (the picker falls back to "all" on 0): the
 *     table's first page and total again, for the guest's own;
 *   wave 3: the owners' and systems' titles for the rows shown (the presentation API's batch).
 * The frontend sends a few of these twice more while its filters settle; those repeats are not
 * sent here. Returns the table's next-page cursor.
 */
export async function listPage(page: PageLoad, view: ListView) {
  const kind = { kind: 'component' };
  const narrowed: Record<string, string> = { ...kind };
  if (view.type) narrowed['spec.type'] = view.type;
  if (view.lifecycle) narrowed['spec.lifecycle'] = view.lifecycle;
  const owned = { ...narrowed, 'relations.ownedBy': GUEST_CLAIMS };
  const wave1 = Promise.all([
    page.get('list: facets relations.ownedBy', facets('relations.ownedBy')),
    page.get('list: facets kind', facets('kind')),
    ...['spec.lifecycle', 'metadata.tags', 'metadata.namespace'].map(f =>
      page.get(`list: facets ${f}`, facets(f)),
    ),
    page.get('list: facets spec.type (kind)', facets('spec.type', kind)),
    ...['spec.lifecycle', 'metadata.tags', 'metadata.namespace'].map(f =>
      page.get(`list: facets ${f} (kind)`, facets(f, kind)),
    ),
    page.get('list: owned count', byQuery({ filter: owned, limit: 0 })),
    page.get('list: all count', byQuery({ filter: narrowed, limit: 0 })),
    page.get(
      'list: table page (all)',
      byQuery({
        filter: narrowed,
        limit: 20,
        orderField: true,
        totalItems: 'exclude',
      }),
    ),
    page.get(
      'list: table total (all)',
      byQuery({ filter: narrowed, limit: 0, orderField: true }),
    ),
  ]);
  const results = await wave1;
  let table = results[11];
  const ownedCount = results[9].totalItems as number;
  if (view.user === 'owned' && ownedCount > 0) {
    [table] = await Promise.all([
      page.get(
        'list: table page (owned)',
        byQuery({
          filter: owned,
          limit: 20,
          orderField: true,
          totalItems: 'exclude',
        }),
      ),
      page.get(
        'list: table total (owned)',
        byQuery({ filter: owned, limit: 0, orderField: true }),
      ),
    ]);
  }
  const rows = table.items as ServedEntity[];
  const shown = unique(
    rows.flatMap(e => [
      ...targets(e, 'ownedBy'),
      ...targets(e, 'partOf', 'system'),
    ]),
  );
  if (shown.length) {
    await page.byRefs('list: row titles', shown, PRESENTATION_FIELDS);
  }
  return table.pageInfo?.nextCursor as string | undefined;
}

/** The table's "next page" button: one cursor request. */
export async function listNextPage(page: PageLoad, cursor: string) {
  await page.get(
    'list: next page',
    `/api/catalog/entities/by-query?${query({
      cursor,
      limit: 20,
      totalItems: 'exclude',
    })}`,
  );
}

/**
 * A Component's page (/catalog/default/component/<name>, its overview) as the built frontend
 * loads it (recorded from Chromium); only the catalogue's requests (the environments card's
 * one to Runway's environments backend, user settings and notifications are left out):
 *   wave 1: the entity, and its own title (presentation API);
 *   wave 2, with the entity: the header's owner, the relation warning's existence check of every
 *     related entity, the processing-errors panel's ancestry, the about card's owner and system
 *     titles, each relation card's entities (provided and consumed APIs, components and
 *     resources it depends on, subcomponents; a card without relations asks nothing) and the
 *     relations graph's root;
 *   wave 3, with the cards' entities: the relations graph's neighbours, and the titles of the
 *     owners and systems the cards' tables show.
 * The frontend repeats the relation check and the ancestry up to three more times while the
 * page re-renders; those repeats are not sent here.
 */
export async function entityPage(page: PageLoad, name: string) {
  const ref = `component:default/${name}`;
  const [entity] = (await Promise.all([
    page.get(
      'entity: by-name',
      `/api/catalog/entities/by-name/component/default/${name}`,
    ),
    page.byRefs('entity: own title', [ref], PRESENTATION_FIELDS),
  ])) as [ServedEntity, unknown];
  const related = unique((entity.relations ?? []).map(r => r.targetRef));
  const owner = targets(entity, 'ownedBy');
  const cards: Array<[string, string[]]> = [
    ['entity: provided APIs card', targets(entity, 'providesApi')],
    ['entity: consumed APIs card', targets(entity, 'consumesApi')],
    [
      'entity: depends-on components card',
      targets(entity, 'dependsOn', 'component'),
    ],
    [
      'entity: depends-on resources card',
      targets(entity, 'dependsOn', 'resource'),
    ],
    ['entity: subcomponents card', targets(entity, 'hasPart')],
  ];
  const wave2 = await Promise.all([
    page.byRefs('entity: header owner', owner, OWNER_FIELDS),
    page.byRefs('entity: relation warning', related, REF_FIELDS),
    page.get(
      'entity: ancestry',
      `/api/catalog/entities/by-name/component/default/${name}/ancestry`,
    ),
    page.byRefs(
      'entity: about card titles',
      [...owner, ...targets(entity, 'partOf')],
      PRESENTATION_FIELDS,
    ),
    page.byRefs('entity: graph root', [ref]),
    ...cards
      .filter(([, refs]) => refs.length)
      .map(([label, refs]) => page.byRefs(label, refs)),
  ]);
  const cardEntities = wave2
    .slice(5)
    .flatMap(r =>
      (r.items as Array<ServedEntity | null>).filter(e => e !== null),
    );
  const tableRefs = unique(
    cardEntities.flatMap(e => [
      ...targets(e, 'ownedBy'),
      ...targets(e, 'partOf', 'system'),
    ]),
  );
  await Promise.all([
    page.byRefs('entity: graph neighbours', related),
    ...(tableRefs.length
      ? [
          page.byRefs(
            'entity: card table titles',
            tableRefs,
            PRESENTATION_FIELDS,
          ),
        ]
      : []),
  ]);
}

/**
 * The search page (/search?query=<term>) as the built frontend loads it (recorded from
 * Chromium): the results (25, the engine's default page) and, for the result-type picker's
 * counts, one query per type (all, software-catalog, techdocs) with pageLimit=0, plus the kind
 * filter's facets; all at once. With `type`, the picker has Software Catalog selected. With an
 * empty term (the page opened from the sidebar) the frontend skips the results query.
 */
export async function searchPage(page: PageLoad, term: string, type?: string) {
  const search = (label: string, params: Record<string, string>) =>
    page.get(label, `/api/search/query?${new URLSearchParams(params)}`);
  const types: Record<string, string> = type ? { 'types[0]': type } : {};
  await Promise.all([
    ...(term ? [search('search: results', { term, ...types })] : []),
    search('search: count all', { term, pageLimit: '0' }),
    search('search: count software-catalog', {
      term,
      'types[0]': 'software-catalog',
      pageLimit: '0',
    }),
    search('search: count techdocs', {
      term,
      'types[0]': 'techdocs',
      pageLimit: '0',
    }),
    page.get('search: kind facets', facets('kind')),
  ]);
}

const LIST_VIEWS: ListView[] = [
  { user: 'owned' },
  { user: 'all' },
  { user: 'all', type: 'service' },
  { user: 'owned', type: 'website' },
  { user: 'all', type: 'library' },
  { user: 'all', lifecycle: 'production' },
  { user: 'all', type: 'service', lifecycle: 'experimental' },
];

/** Search terms: single words, two words, a prefix, and the empty term every 10th load. */
function searchTerm(i: number): string {
  if (i % 10 === 9) return '';
  const word = WORDS[(i * 7) % WORDS.length];
  if (i % 5 === 1) return `${word} ${WORDS[(i * 11 + 3) % WORDS.length]}`;
  if (i % 5 === 3) return word.slice(0, 4);
  return word;
}

/** The i-th page load of each kind: list views, components and search terms varied. */
function pageLoads(catalog: Catalog) {
  const components = catalog.names.components;
  return {
    list: (page: PageLoad, i: number) =>
      listPage(page, LIST_VIEWS[i % LIST_VIEWS.length]),
    // A stride through the components, so every page is a different one.
    entity: (page: PageLoad, i: number) =>
      entityPage(page, components[(i * 2477) % components.length]),
    search: (page: PageLoad, i: number) =>
      searchPage(page, searchTerm(i), i % 2 ? 'software-catalog' : undefined),
  };
}

/** CPU time (user + system, ms) a process has used, from /proc. */
function cpuMs(pid: number): number {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0; // gone
  }
}

/**
 * CPU time of the PostgreSQL backends serving the run's databases (named in their process
 * titles) since it was made, sampled after every page load so that a connection the pools
 * close on the way still counts up to its last sample.
 */
class PostgresCpu {
  private readonly prefix: string;
  private readonly seen = new Map<number, { first: number; last: number }>();
  constructor(prefix: string) {
    this.prefix = prefix;
    this.sample(true);
  }

  sample(initial = false) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const known = this.seen.get(pid);
      if (known) {
        const now = cpuMs(pid);
        if (now >= known.last) known.last = now;
        continue;
      }
      try {
        const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!title.startsWith('postgres:') || !title.includes(this.prefix)) {
          continue;
        }
      } catch {
        continue; // gone
      }
      const now = cpuMs(pid);
      // A connection opened after the start counts from its beginning.
      this.seen.set(pid, { first: initial ? now : 0, last: now });
    }
  }

  total(): number {
    let sum = 0;
    for (const { first, last } of this.seen.values()) sum += last - first;
    return sum;
  }
}

export interface CpuPerPage {
  /** The backend process's CPU ms per page load. */
  backend: number;
  /** The PostgreSQL backends' CPU ms per page load (those of the run's databases). */
  postgres: number;
}

/**
 * CPU time per page load of each kind, over `loads` back-to-back loads: unlike latencies on a
 * shared 2-core machine, this hardly depends on what else runs.
 */
export async function cpuPerPage(
  url: string,
  token: string,
  catalog: Catalog,
  backendPid: number,
  prefix: string,
  loads = 50,
): Promise<Record<'list' | 'entity' | 'search', CpuPerPage>> {
  const pages = pageLoads(catalog);
  const result = {} as Record<'list' | 'entity' | 'search', CpuPerPage>;
  for (const kind of ['list', 'entity', 'search'] as const) {
    const backend = cpuMs(backendPid);
    const postgres = new PostgresCpu(prefix);
    for (let i = 0; i < loads; i++) {
      await pages[kind](new PageLoad(url, token, () => {}), i);
      postgres.sample();
    }
    result[kind] = {
      backend: (cpuMs(backendPid) - backend) / loads,
      postgres: postgres.total() / loads,
    };
  }
  return result;
}

/** Measures the three pages, interleaved (list, entity, search, list, ...). */
export async function measurePages(
  url: string,
  token: string,
  catalog: Catalog,
  options: { samples?: number; warmup?: number } = {},
) {
  const samples = options.samples ?? 200;
  const warmup = options.warmup ?? 20;
  const times = {
    list: [] as number[],
    listNext: [] as number[],
    entity: [] as number[],
    search: [] as number[],
  };
  const perRequest = new Map<string, number[]>();
  let recording = false;
  const record = (label: string, ms: number) => {
    if (!recording) return;
    perRequest.set(label, [...(perRequest.get(label) ?? []), ms]);
  };
  const timed = async (
    into: number[],
    load: (page: PageLoad) => Promise<unknown>,
  ) => {
    const page = new PageLoad(url, token, record);
    const started = performance.now();
    const result = await load(page);
    if (recording) into.push(performance.now() - started);
    return result;
  };
  const pages = pageLoads(catalog);
  for (let i = 0; i < warmup + samples; i++) {
    recording = i >= warmup;
    const cursor = await timed(times.list, page => pages.list(page, i));
    if (typeof cursor === 'string') {
      await timed(times.listNext, page => listNextPage(page, cursor));
    }
    await timed(times.entity, page => pages.entity(page, i));
    await timed(times.search, page => pages.search(page, i));
  }
  const requests: CatalogAtScaleResult['requests'] = {};
  for (const [label, values] of [...perRequest].sort()) {
    requests[label] = { ...percentiles(values), count: values.length };
  }
  return {
    list: percentiles(times.list),
    listNext: percentiles(times.listNext),
    entity: percentiles(times.entity),
    search: percentiles(times.search),
    samples,
    requests,
  };
}

/**
 * The whole bench: a fresh PostgreSQL, 10,000 entities loaded and indexed, the three pages
 * measured (200 page loads each), everything stopped and dropped. Figures in ms.
 */
export async function catalogAtScale(
  options: CatalogAtScaleOptions = {},
): Promise<CatalogAtScaleResult> {
  const scale = await startCatalogAtScale(options);
  try {
    const loadBefore = os.loadavg()[0];
    const measured = await measurePages(scale.url, scale.token, scale.catalog, {
      samples: options.samples,
    });
    const loadAfter = os.loadavg()[0];
    const cpu = await cpuPerPage(
      scale.url,
      scale.token,
      scale.catalog,
      scale.backend.process.pid!,
      scale.prefix,
    );
    return {
      ...measured,
      cpu,
      loadAverage: [loadBefore, loadAfter],
      entities: TOTAL_ENTITIES,
      startSeconds: scale.startSeconds,
      loadSeconds: scale.loadSeconds,
      indexedSeconds: scale.indexedSeconds,
      autovacuum: scale.autovacuum,
    };
  } finally {
    await scale.stop();
  }
}

export { COUNTS };
