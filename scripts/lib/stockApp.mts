/**
 * The stock Backstage app `yarn bench` measures Runway against (issue 16): a `@backstage/create-app`
 * app of the release in backstage.json, pinned to the `@backstage/*` versions Runway's yarn.lock
 * resolved (a fresh create-app resolves newer ones, which fail at start) and to the parent pins this
 * registry needs, installed and built once and cached outside the repo:
 *   ${RUNWAY_BENCH_CACHE:-${XDG_CACHE_HOME:-~/.cache}/runway-bench}/stock-<release>-<hash of the pins>
 * Building it the first time takes some minutes; later runs find the ready marker and return at once.
 * Its production backend bundle is started the way scripts/lib/builtBackend.mts starts Runway's.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  linkBundledWorkspaces,
  repoRoot,
  startBuiltBackend,
  type BuiltBackend,
  type StartOptions,
} from './builtBackend.mts';

/** Bump when the way the stock app is made changes, so cached ones are rebuilt. */
const RECIPE = 1;
/** Parents pinned because the registry here lacks their newest platform packages (ENVIRONMENT.md). */
const PARENT_PINS = ['@swc/core', 'rollup', 'unrs-resolver', '@yarnpkg/core'];
const APP_NAME = 'stock-backstage';
/** Stage markers in <dir>/.runway-bench; `ready` is written only once the app has started. */
const STAGES = ['created', 'installed', 'built', 'ready'] as const;

export interface StockApp {
  dir: string;
  /** The Backstage release, from Runway's backstage.json (and checked in the created app's). */
  backstageVersion: string;
  createAppVersion: string;
  /** The root package.json resolutions the stock app was installed with. */
  resolutions: Record<string, string>;
  /** The built frontend (index.html and its scripts). */
  appDist: string;
}

const log = (message: string) =>
  process.stderr.write(`stock app: ${message}\n`);

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/**
 * The version of every `@backstage/*` package in a Yarn 4 lockfile. Where it holds several versions
 * of one package, the one Runway's dependency graph mostly uses wins: a version's votes are its
 * dependents (workspaces, third-party packages, and `@backstage/*` packages at their chosen
 * versions), repeated until the choice settles; ties go to the highest. (The highest alone is not
 * right: third-party plugins pull newer core packages beside the release's.)
 */
export function backstagePins(lockfile: string): Record<string, string> {
  const descriptorToResolution = new Map<string, string>();
  const entries: { resolution: string; dependencies: string[] }[] = [];
  for (const block of lockfile.split(/\n(?=\S)/)) {
    const resolution = /^ {2}resolution: "(.+)"$/m.exec(block)?.[1];
    if (!resolution) continue;
    const keys = block
      .split('\n')[0]
      .replace(/:$/, '')
      .replace(/^"|"$/g, '')
      .split(', ');
    for (const key of keys) descriptorToResolution.set(key, resolution);
    const dependencies: string[] = [];
    const section = /^ {2}dependencies:\n((?: {4}.+\n?)+)/m.exec(block)?.[1];
    for (const line of section?.split('\n') ?? []) {
      const m = /^ {4}"?(.+?)"?: "?(.+?)"?$/.exec(line);
      if (m) dependencies.push(`${m[1]}@${m[2]}`);
    }
    entries.push({ resolution, dependencies });
  }
  const backstage = (resolution: string) =>
    /^(@backstage\/[^@]+)@npm:(\d[^@]*)$/.exec(resolution);
  const dependents = new Map<string, string[]>();
  const versions = new Map<string, Set<string>>();
  for (const { resolution, dependencies } of entries) {
    const m = backstage(resolution);
    if (m) {
      if (!versions.has(m[1])) versions.set(m[1], new Set());
      versions.get(m[1])!.add(m[2]);
    }
    for (const descriptor of dependencies) {
      const target = descriptorToResolution.get(descriptor);
      if (!target || !backstage(target)) continue;
      if (!dependents.has(target)) dependents.set(target, []);
      dependents.get(target)!.push(resolution);
    }
  }
  const chosen = new Map<string, string>();
  const counts = (resolution: string) => {
    const m = backstage(resolution);
    return !m || !chosen.has(m[1]) || chosen.get(m[1]) === m[2];
  };
  for (let round = 0; round < 20; round++) {
    const next = new Map<string, string>();
    for (const [name, candidates] of versions) {
      const scored = [...candidates].map(version => ({
        version,
        votes: (dependents.get(`${name}@npm:${version}`) ?? []).filter(counts)
          .length,
      }));
      scored.sort(
        (a, b) => b.votes - a.votes || compareVersions(b.version, a.version),
      );
      next.set(name, scored[0].version);
    }
    const settled = [...next].every(([name, v]) => chosen.get(name) === v);
    chosen.clear();
    for (const [name, v] of next) chosen.set(name, v);
    if (settled) break;
  }
  return Object.fromEntries([...chosen].sort(([a], [b]) => a.localeCompare(b)));
}

function cacheRoot(): string {
  return (
    process.env.RUNWAY_BENCH_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
      'runway-bench',
    )
  );
}

/** What the stock app is made from, known without the network (so the cached path is found fast). */
function recipe() {
  const backstageVersion: string = readJson(
    path.join(repoRoot, 'backstage.json'),
  ).version;
  const rootManifest = readJson(path.join(repoRoot, 'package.json'));
  const parents = Object.fromEntries(
    PARENT_PINS.filter(name => rootManifest.resolutions?.[name]).map(name => [
      name,
      rootManifest.resolutions[name] as string,
    ]),
  );
  const pins = backstagePins(
    fs.readFileSync(path.join(repoRoot, 'yarn.lock'), 'utf8'),
  );
  const packageManager: string = rootManifest.packageManager;
  const hash = crypto
    .createHash('sha256')
    .update(
      JSON.stringify({
        RECIPE,
        backstageVersion,
        packageManager,
        parents,
        pins,
      }),
    )
    .digest('hex')
    .slice(0, 10);
  const dir = path.join(cacheRoot(), `stock-${backstageVersion}-${hash}`);
  return { backstageVersion, parents, pins, packageManager, dir };
}

/** Children run with the Node running this script, Yarn through corepack, and none of `yarn run`'s variables. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|BERRY_)/i.test(key) || /^(PROJECT_CWD|INIT_CWD)$/.test(key))
      continue;
    env[key] = value;
  }
  const registry = (
    process.env.YARN_NPM_REGISTRY_SERVER ??
    execFileSync('npm', ['config', 'get', 'registry'], {
      encoding: 'utf8',
    }).trim()
  ).replace(/\/$/, '');
  env.YARN_NPM_REGISTRY_SERVER = registry;
  env.COREPACK_NPM_REGISTRY = process.env.COREPACK_NPM_REGISTRY ?? registry;
  env.COREPACK_ENABLE_DOWNLOAD_PROMPT = '0';
  env.COREPACK_USE_LATEST = '0';
  env.COREPACK_DEFAULT_TO_LATEST = '0';
  // node-gyp cannot download headers here; Node 22 from the registry ships them (scripts/node22.sh).
  const nodeDir = path.dirname(path.dirname(process.execPath));
  const nodedir =
    process.env.npm_config_nodedir ??
    (fs.existsSync(path.join(nodeDir, 'include/node')) ? nodeDir : undefined);
  if (nodedir) env.npm_config_nodedir = nodedir;
  const shims = path.join(cacheRoot(), 'bin');
  fs.mkdirSync(shims, { recursive: true });
  fs.writeFileSync(
    path.join(shims, 'yarn'),
    '#!/bin/sh\nexec corepack yarn "$@"\n',
    { mode: 0o755 },
  );
  env.PATH = [
    shims,
    path.dirname(process.execPath),
    ...(process.env.PATH ?? '')
      .split(path.delimiter)
      .filter(entry => !path.basename(entry).startsWith('xfs-')),
  ].join(path.delimiter);
  return env;
}

/** Runs a step, its output appended to the build log; fails with the log's tail. */
async function step(
  title: string,
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  log(`${title}…`);
  const started = Date.now();
  fs.appendFileSync(
    options.logFile,
    `\n$ ${command} ${args.join(' ')}  (in ${options.cwd})\n`,
  );
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', out, out],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  fs.closeSync(out);
  if (code !== 0) {
    const tail = fs.readFileSync(options.logFile, 'utf8').slice(-4000);
    throw new Error(
      `stock app: ${title} failed (exit ${code}); log in ${options.logFile}:\n${tail}`,
    );
  }
  log(`${title}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * create-app versions known to make a Backstage release (its `--version`): with the release in
 * backstage.json listed, the bench runs no create-app but the one it uses. Add a row when
 * Runway moves to a new release (the bench prints the version it found otherwise).
 */
const CREATE_APP_FOR_RELEASE: Record<string, string> = { '1.55.0': '0.9.2' };

/**
 * The create-app version whose release (its --version) is the given Backstage release: the
 * known one, or else found by asking the newest create-app versions (each one is run by npx).
 */
function findCreateApp(release: string, env: NodeJS.ProcessEnv): string {
  const known = CREATE_APP_FOR_RELEASE[release];
  if (known) return known;
  const versions: string[] = JSON.parse(
    execFileSync(
      'npm',
      ['view', '@backstage/create-app', 'versions', '--json'],
      {
        encoding: 'utf8',
        env,
      },
    ),
  );
  const candidates = versions
    .filter(v => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => compareVersions(b, a));
  for (const candidate of candidates.slice(0, 20)) {
    const released = execFileSync(
      'npx',
      ['--yes', `@backstage/create-app@${candidate}`, '--version'],
      { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    log(`@backstage/create-app@${candidate} is release ${released}`);
    if (released === release) return candidate;
    if (compareVersions(released, release) < 0) break;
  }
  throw new Error(
    `stock app: no @backstage/create-app version makes Backstage ${release}`,
  );
}

/** Takes <dir>.lock (waiting while another live process holds it); returns its release. */
async function lock(dir: string): Promise<() => void> {
  const lockDir = `${dir}.lock`;
  const pidFile = path.join(lockDir, 'pid');
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(pidFile, String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let pid = 0;
    try {
      pid = Number(fs.readFileSync(pidFile, 'utf8'));
    } catch {
      // being written, or its holder died before writing it
    }
    let alive = false;
    try {
      if (pid > 0) alive = process.kill(pid, 0);
    } catch {
      alive = false;
    }
    const age =
      Date.now() -
      (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (!alive && (pid > 0 || age > 10_000)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!waiting && pid > 0)
      log(`waiting for process ${pid}, which is building ${dir}`);
    waiting = true;
    await sleep(pid > 0 ? 5000 : 500);
  }
}

const marker = (dir: string, stage: (typeof STAGES)[number]) =>
  path.join(dir, '.runway-bench', stage);

/** Creates the app and sets its package manager and pins (stage `created`). */
function create(
  r: ReturnType<typeof recipe>,
  env: NodeJS.ProcessEnv,
  logFile: string,
) {
  const createAppVersion = findCreateApp(r.backstageVersion, env);
  log(
    `creating ${r.dir} with @backstage/create-app@${createAppVersion} (release ${r.backstageVersion})`,
  );
  const out = fs.openSync(logFile, 'a');
  try {
    execFileSync(
      'npx',
      [
        '--yes',
        `@backstage/create-app@${createAppVersion}`,
        '--skip-install',
        '--path',
        r.dir,
      ],
      {
        cwd: path.dirname(r.dir),
        env: { ...env, BACKSTAGE_APP_NAME: APP_NAME },
        stdio: ['ignore', out, out],
      },
    );
  } finally {
    fs.closeSync(out);
  }
  const created = readJson(path.join(r.dir, 'backstage.json')).version;
  if (created !== r.backstageVersion) {
    throw new Error(
      `stock app: create-app@${createAppVersion} made release ${created}, not ${r.backstageVersion}`,
    );
  }
  // Yarn through corepack and packageManager, as Runway: no yarnPath, no bundled release.
  fs.rmSync(path.join(r.dir, '.yarn/releases'), {
    recursive: true,
    force: true,
  });
  fs.rmSync(path.join(r.dir, '.git'), { recursive: true, force: true });
  const yarnrc = path.join(r.dir, '.yarnrc.yml');
  fs.writeFileSync(
    yarnrc,
    fs
      .readFileSync(yarnrc, 'utf8')
      .split('\n')
      .filter(line => !/^yarnPath:/.test(line))
      .join('\n'),
  );
  // Every @backstage/* package the app names directly but Runway's lockfile lacks: the release's
  // version, as create-app wrote it.
  const templatePins: Record<string, string> = {};
  for (const manifest of [
    'package.json',
    'packages/app/package.json',
    'packages/backend/package.json',
  ]) {
    const { dependencies = {}, devDependencies = {} } = readJson(
      path.join(r.dir, manifest),
    );
    for (const [name, range] of Object.entries({
      ...dependencies,
      ...devDependencies,
    })) {
      if (name.startsWith('@backstage/') && !r.pins[name]) {
        templatePins[name] = String(range).replace(/^[\^~]/, '');
      }
    }
  }
  const manifestFile = path.join(r.dir, 'package.json');
  const manifest = readJson(manifestFile);
  manifest.packageManager = r.packageManager;
  manifest.resolutions = {
    ...manifest.resolutions,
    ...r.parents,
    ...Object.fromEntries(
      Object.entries({ ...templatePins, ...r.pins }).sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    ),
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(r.dir, '.runway-bench/create-app-version'),
    createAppVersion,
  );
  if (Object.keys(templatePins).length) {
    log(
      `not in Runway's lockfile, pinned to the release: ${Object.entries(
        templatePins,
      )
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')}`,
    );
  }
}

/** `@backstage/*` packages the stock lockfile resolved to a version other than a pin, or unpinned. */
function unpinned(dir: string, resolutions: Record<string, string>): string[] {
  const lock = fs.readFileSync(path.join(dir, 'yarn.lock'), 'utf8');
  const found = new Set<string>();
  for (const m of lock.matchAll(
    /^ {2}resolution: "(@backstage\/[^@]+)@npm:([^"]+)"$/gm,
  )) {
    if (resolutions[m[1]] !== m[2]) found.add(`${m[1]}@${m[2]}`);
  }
  return [...found].sort();
}

/**
 * Unpacks the stock backend bundle inside the stock app (so it resolves the app's node_modules),
 * into a directory of the start's own: two benches at once must not unpack over each other.
 */
function unpackStockBundle(target: string): string {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', [
    'xzf',
    path.join(target, '../../packages/backend/dist/bundle.tar.gz'),
    '-C',
    target,
  ]);
  linkBundledWorkspaces(target);
  return path.join(target, 'packages/backend');
}

async function startIn(
  dir: string,
  options: StartOptions,
): Promise<BuiltBackend> {
  const bundle = path.join(
    dir,
    '.runway-bench',
    `bundle-${process.pid}-${options.port}`,
  );
  const remove = () => fs.rmSync(bundle, { recursive: true, force: true });
  try {
    const backend = await startBuiltBackend({
      ...options,
      entry: unpackStockBundle(bundle),
      workDir: path.join(dir, '.runway-bench'),
    });
    return {
      ...backend,
      stop: async () => {
        await backend.stop();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

async function build(r: ReturnType<typeof recipe>): Promise<void> {
  const env = childEnv();
  const stageDone = (stage: (typeof STAGES)[number]) =>
    fs.existsSync(marker(r.dir, stage));
  const done = (stage: (typeof STAGES)[number]) =>
    fs.writeFileSync(marker(r.dir, stage), new Date().toISOString());
  const logFile = path.join(cacheRoot(), `${path.basename(r.dir)}.build.log`);
  log(
    stageDone('created')
      ? `finishing the stock Backstage ${r.backstageVersion} app in ${r.dir} (log in ${logFile})`
      : `building the stock Backstage ${r.backstageVersion} app in ${r.dir} (the first time takes some minutes; log in ${logFile})`,
  );
  if (!stageDone('created')) {
    fs.rmSync(r.dir, { recursive: true, force: true });
    fs.writeFileSync(logFile, '');
    fs.mkdirSync(path.join(r.dir, '.runway-bench'), { recursive: true });
    create(r, env, logFile);
    done('created');
  }
  const run = { cwd: r.dir, logFile, env };
  if (!stageDone('installed')) {
    await step('yarn install', 'corepack', ['yarn', 'install'], run);
    done('installed');
  }
  const { resolutions } = readJson(path.join(r.dir, 'package.json'));
  const loose = unpinned(r.dir, resolutions);
  if (loose.length) {
    log(`warning: @backstage/* packages not pinned: ${loose.join(', ')}`);
  }
  if (!stageDone('built')) {
    await step('yarn build:all', 'corepack', ['yarn', 'build:all'], run);
    for (const file of [
      'packages/backend/dist/bundle.tar.gz',
      'packages/app/dist/index.html',
    ]) {
      if (!fs.existsSync(path.join(r.dir, file))) {
        throw new Error(`stock app: the build made no ${file}`);
      }
    }
    done('built');
  }
  log('checking that its backend starts (app-config.yaml: in-memory SQLite)…');
  let backend: BuiltBackend;
  try {
    backend = await startIn(r.dir, { name: 'verify', port: 7193 });
  } catch (error) {
    throw new Error(
      `stock app: its backend does not start, so it is no baseline (pin what it needs in scripts/lib/stockApp.mts): ${
        (error as Error).message
      }`,
    );
  }
  try {
    const page = await fetch(backend.url);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<script')) {
      throw new Error(
        `stock app: its backend is ready but serves no app at ${backend.url} (${page.status})`,
      );
    }
  } finally {
    await backend.stop();
  }
  log(`its backend was ready in ${backend.startupSeconds.toFixed(1)} s`);
  done('ready');
}

let ensured: Promise<StockApp> | undefined;

/** The stock app, built the first time (some minutes) and found in the cache afterwards. */
export function ensureStockApp(): Promise<StockApp> {
  ensured ??= (async () => {
    const r = recipe();
    if (!fs.existsSync(marker(r.dir, 'ready'))) {
      const release = await lock(r.dir);
      try {
        if (!fs.existsSync(marker(r.dir, 'ready'))) await build(r);
      } finally {
        release();
      }
    }
    return {
      dir: r.dir,
      backstageVersion: r.backstageVersion,
      createAppVersion: fs
        .readFileSync(
          path.join(r.dir, '.runway-bench/create-app-version'),
          'utf8',
        )
        .trim(),
      resolutions: readJson(path.join(r.dir, 'package.json')).resolutions,
      appDist: path.join(r.dir, 'packages/app/dist'),
    };
  })();
  return ensured;
}

/**
 * Starts the stock app's production backend bundle as startBuiltBackend starts Runway's: unpacked
 * afresh, `node packages/backend` in the bundle's root (two levels below the app, as Runway's), app-config.yaml and
 * the port laid over it, NODE_ENV=development, LOG_LEVEL=warn.
 */
export async function startStockBackend(
  options: StartOptions,
): Promise<BuiltBackend> {
  const app = await ensureStockApp();
  return startIn(app.dir, options);
}
