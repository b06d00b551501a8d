/**
 * Starts the production build of Runway's backend (packages/backend/dist/bundle.tar.gz, the
 * same bundle the Dockerfile ships) serving the built app, for the smoke test and `yarn bench`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const defaultWorkDir = path.join(repoRoot, '.runway');

export interface BuiltBackend {
  url: string;
  process: ChildProcess;
  /** Seconds from spawn to the first 200 from the readiness endpoint. */
  startupSeconds: number;
  logs(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A name for the run: its config and logs are kept in .runway/<name>.*. */
  name: string;
  port: number;
  /** Config laid over app-config.yaml (e.g. the database). */
  config?: object;
  timeoutSeconds?: number;
  /** Another unpacked backend bundle's packages/backend (default: Runway's, unpacked afresh). */
  entry?: string;
  /**
   * The directory to run in (default: the unpacked bundle's root, as the image runs from /app).
   * `--config ../../app-config.yaml` is read from there, so it sits two levels below its app.
   */
  cwd?: string;
  /** Where the run's config and logs go (default: .runway/). */
  workDir?: string;
}

/**
 * Unpacks the backend bundle into .runway/<name> (inside the repo, so it resolves the repo's
 * node_modules) and returns its packages/backend.
 */
export function unpackBundle(name = 'bundle'): string {
  const bundle = path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(bundle)) {
    throw new Error(
      `No backend build at ${bundle}: run \`yarn build:all\` first.`,
    );
  }
  const target = path.join(defaultWorkDir, name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', bundle, '-C', target]);
  linkBundledWorkspaces(target);
  // As the Dockerfile does: the policy gate's baseline sits beside the bundle's packages.
  fs.cpSync(path.join(repoRoot, 'policies'), path.join(target, 'policies'), {
    recursive: true,
  });
  return path.join(target, 'packages/backend');
}

/**
 * The bundle's own workspace packages (their package.json points at dist/) must win over the
 * repo's source workspaces that node would otherwise find further up, as a Docker image has
 * only the bundle.
 */
export function linkBundledWorkspaces(bundleDir: string) {
  for (const group of ['packages', 'plugins']) {
    const groupDir = path.join(bundleDir, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const dir of fs.readdirSync(groupDir)) {
      const manifest = path.join(groupDir, dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      const link = path.join(bundleDir, 'node_modules', name);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(groupDir, dir), link, 'dir');
    }
  }
}

/** A free-standing readiness probe, also used by tests that start a backend another way. */
export async function waitForHealthy(
  url: string,
  timeoutSeconds: number,
  alive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('backend exited before it became healthy');
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`backend not healthy at ${url} after ${timeoutSeconds}s`);
}

export async function startBuiltBackend(
  options: StartOptions,
): Promise<BuiltBackend> {
  // A bundle of this start's own (removed when it stops): two benches or tests that start
  // backends at once must not unpack over each other's running files.
  const ownBundle = options.entry
    ? undefined
    : `bundle-${process.pid}-${options.port}`;
  const entry = options.entry ?? unpackBundle(ownBundle);
  const url = `http://localhost:${options.port}`;
  const workDir = options.workDir ?? defaultWorkDir;
  fs.mkdirSync(workDir, { recursive: true });
  const served = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { port: options.port },
      cors: { origin: url },
    },
  };
  const configArgs = [served, options.config ?? {}].flatMap((data, i) => {
    const file = path.join(workDir, `${options.name}.config-${i}.json`);
    // JSON is valid YAML, and Backstage reads --config files as YAML.
    fs.writeFileSync(file, JSON.stringify(data));
    return ['--config', file];
  });
  let output = '';
  const started = process.hrtime.bigint();
  // In the bundle's root, as the image runs (WORKDIR /app): Backstage reads the config schemas
  // of the workspace it runs in, and the bundle's is the backend's, not the whole repository's
  // (the app, the devstack, the CLI, the frontend plugins). The bundle sits at .runway/<name>,
  // so app-config.yaml's `../../` paths (the demo catalogue, the templates) still reach the repo.
  const child = spawn(
    process.execPath,
    [entry, '--config', '../../app-config.yaml', ...configArgs],
    {
      cwd: options.cwd ?? path.resolve(entry, '../..'),
      // Guest sign-in is refused outside NODE_ENV=development (see app-config.yaml).
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logFile = path.join(workDir, `${options.name}.log`);
  const log = fs.createWriteStream(logFile);
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', chunk => {
      output += chunk;
      log.write(chunk);
    });
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    log.end();
    if (ownBundle)
      fs.rmSync(path.join(defaultWorkDir, ownBundle), {
        recursive: true,
        force: true,
      });
  };
  try {
    await waitForHealthy(
      url,
      options.timeoutSeconds ?? 120,
      () => child.exitCode === null,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}; log in ${logFile}:\n${output.slice(-3000)}`,
    );
  }
  const startupSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { url, process: child, startupSeconds, logs: () => output, stop };
}
