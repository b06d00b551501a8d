/**
 * Issue 13's acceptance, finding 11: "Interrupting the devstack's first start at a random moment,
 * then starting it again: both golden paths work". The devstack CLI (the command `yarn devstack`
 * runs: src/cli.ts under Backstage's transform) runs as a real child process on a fresh state
 * directory, and its process group is SIGKILLed at a seeded-random moment of its first start —
 * right after spawn, while the forge's state is recorded and the API compiled, just after
 * platform-config is created, while its files are written, while its tree is built — detected
 * from what the process leaves in the state directory. The devstack is then started again on the
 * same directory (in this process, ports chosen by the OS): each time it must answer and serve
 * platform-config with exactly the seeded files; after the kill mid-seeding (the interruption
 * finding 11 reports) the new-service and ephemeral-environment templates must also complete
 * against it. One backend, not five, keeps the run within a few minutes on two cores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import {
  Devstack,
  mulberry32,
  openPullRequest,
  startDevstack,
} from '@runway/devstack';
import {
  EPHEMERAL_ENVIRONMENT,
  NEW_SERVICE,
  environmentValues,
  newServiceValues,
  startBothGoldenPaths,
} from './__testUtils__/bothGoldenPaths';
import {
  DevstackCli,
  StartProgress,
  platformConfigSeed,
} from './__testUtils__/devstackCli';
import {
  createTaskWithSecrets,
  settledTask,
} from './__testUtils__/tasksWithSecrets';

const SEED = 11;
/** Longer than any golden path run takes; a run past it has hung. */
const RUN_DEADLINE_MS = 60_000;

const seed = platformConfigSeed();
const random = mulberry32(SEED);

interface KillPoint {
  name: string;
  /** The moment of the start the kill waits for. */
  reached: (p: StartProgress) => boolean;
  /** Then this much longer (seeded), unless the tree is already being written. */
  delayMs: number;
  /** Run both golden paths against the devstack started again after this kill. */
  goldenPaths?: boolean;
}

/** Past this, write-tree has run: the commit and the branch follow within milliseconds. */
const treeWritten = (p: StartProgress) =>
  p.objects > seed.blobs || p.branchWritten || p.up;

const KILL_POINTS: KillPoint[] = [
  {
    name: 'right after spawn',
    reached: () => true,
    delayMs: Math.floor(random() * 300),
  },
  {
    name: 'forge state recorded, API being compiled',
    reached: p => p.stateRecorded,
    delayMs: Math.floor(random() * 500),
  },
  {
    name: 'platform-config just created',
    reached: p => p.repositoryCreated,
    delayMs: Math.floor(random() * 50),
  },
  (() => {
    const objects = 1 + Math.floor(random() * (seed.blobs - 1));
    return {
      // The interruption finding 11 reports: platform-config recorded, its files half written.
      name: `platform-config's files being written (${objects} of ${seed.blobs})`,
      reached: (p: StartProgress) => p.objects >= objects,
      delayMs: 0,
      goldenPaths: true,
    };
  })(),
  {
    name: "platform-config's tree being built",
    reached: p => p.objects >= seed.blobs,
    delayMs: Math.floor(random() * 400),
  },
];

const started: Array<{ stop(): Promise<unknown> }> = [];
const clis: DevstackCli[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const cli of clis.splice(0)) {
    cli.kill();
    await cli.exited;
  }
  for (const s of started.splice(0).reverse()) await s.stop();
  for (const dir of dataDirs.splice(0))
    fs.rmSync(dir, { recursive: true, force: true });
});

/** The files on platform-config's main branch. */
async function platformConfigFiles(devstack: Devstack): Promise<string[]> {
  const out = await devstack.forge
    .git('acme', 'platform-config')
    .git(['ls-tree', '-r', '--name-only', 'refs/heads/main']);
  return out.toString().split('\n').filter(Boolean).sort();
}

async function health(devstack: Devstack) {
  const res = await fetch(`${devstack.urls.base}/_devstack/health`);
  return { status: res.status, body: await res.json() };
}

/**
 * A backend running both golden paths against `devstack`, with Runway's default GitHub timeout:
 * no faults are injected here, and a loaded machine is slow.
 */
async function startGoldenPaths(devstack: Devstack) {
  const { backend } = await startBothGoldenPaths(devstack, {
    requestTimeoutMs: 30_000,
    catalogWaitMs: 120_000,
  });
  started.push(backend);
  return backend;
}

async function runBothGoldenPaths(devstack: Devstack, i: number) {
  const backend = await startGoldenPaths(devstack);
  const serviceTask = await settledTask(
    backend.server,
    await createTaskWithSecrets(
      backend.server,
      NEW_SERVICE,
      newServiceValues(`restarted-svc-${i}`),
      {},
    ),
    RUN_DEADLINE_MS,
  );
  expect({ status: serviceTask.status, error: serviceTask.error }).toEqual({
    status: 'completed',
    error: undefined,
  });

  const pr = await openPullRequest(
    new Octokit({
      auth: devstack.githubToken,
      baseUrl: devstack.urls.githubApi,
    }),
    {
      owner: 'acme',
      repo: 'platform-config',
      branch: `restarted-${i}`,
      title: 'After an interrupted first start',
    },
  );
  const environmentTask = await settledTask(
    backend.server,
    await createTaskWithSecrets(
      backend.server,
      EPHEMERAL_ENVIRONMENT,
      environmentValues(`restarted-env-${i}`, pr.html_url),
      {},
    ),
    RUN_DEADLINE_MS,
  );
  expect({
    status: environmentTask.status,
    error: environmentTask.error,
  }).toEqual({ status: 'completed', error: undefined });
}

it.each(KILL_POINTS.map((point, i) => [point.name, point, i] as const))(
  'starts again after its first start was killed: %s',
  async (_name, point, i) => {
    const t0 = Date.now();
    const dataDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'runway-interrupted-'),
    );
    dataDirs.push(dataDir);

    // The first start, killed at the chosen moment.
    const cli = new DevstackCli(dataDir);
    clis.push(cli);
    await cli.spawned();
    const atKill = await cli.killWhen(point.reached, {
      delayMs: point.delayMs,
      stopBefore: treeWritten,
      timeoutMs: 90_000,
    });
    expect({ up: atKill.up, signal: (await cli.exited).signal }).toEqual({
      up: false,
      signal: 'SIGKILL',
    });
    const t1 = Date.now();

    // Started again on the same state directory: it answers, with platform-config seeded.
    const devstack = await startDevstack({ port: 0, smtpPort: 0, dataDir });
    started.push(devstack);
    expect(await health(devstack)).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(await platformConfigFiles(devstack)).toEqual(seed.files);
    const t2 = Date.now();

    if (point.goldenPaths) await runBothGoldenPaths(devstack, i);

    // eslint-disable-next-line no-console
    console.log(
      `${point.name}: killed after ${t1 - t0} ms at ${JSON.stringify(
        atKill,
      )}; started again in ${t2 - t1} ms${
        point.goldenPaths ? `; golden paths ${Date.now() - t2} ms` : ''
      }`,
    );
  },
  // The kill (≤ 90 s), a restart, a backend start (≤ 5 × 120 s for the catalogue) and two runs.
  15 * 60_000,
);
