/**
 * `yarn bench`: figures for the production build, printed as a table.
 *   - backend cold start to healthy (s): spawn of the built backend to the first 200 from readiness
 *   - RSS after start (MB): the backend process's resident memory once healthy and settled
 *   - frontend initial JS (KiB raw and gzip): the scripts index.html loads before anything lazy
 *   - new-service task (s): the golden path from task creation to completion on the devstack
 *     (TypeScript with PostgreSQL: render, repo, Terraform PR, catalogue, Slack), median of 5
 *   - environment creation task (s): the ephemeral-environment golden path, start to done on the
 *     devstack (storefront system, 3 services: catalogue, API dry run, render, gate, GitOps commit,
 *     lease), median of 5
 *   - onboarding (s): golden path 3 from the signed HR hire to every step of its engineer-onboarding
 *     task done on the devstack (the hire added to the devstack's Slack first; prepare, access pull
 *     request, Slack channels and usergroup, welcome mail over SMTP, manager told), median of 5;
 *     per-step times follow the new-service ones
 *   - policy check (s): 1,000 Kubernetes manifests against the baseline policies, median of 5
 *   - lifecycle sweep (s): one sweep over 10,000 environments (in-memory SQLite), median of 5
 * Needs `yarn build:all` first. Results are recorded in docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  environmentValues,
  newServiceValues,
  templateTaskTimings,
} from './lib/benchTemplateTask.mts';
import { onboardingTimings } from './lib/benchOnboarding.mts';
import { repoRoot, startBuiltBackend } from './lib/builtBackend.mts';
import { runTsBench } from './lib/tsBench.mts';

const RUNS = Number(process.env.RUNWAY_BENCH_RUNS ?? 3);

/** The scripts the built index.html loads up front, with their raw and gzip sizes. */
export function initialJs(distDir: string) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(
    m => m[1],
  );
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const file = path.join(distDir, src.replace(/^\//, ''));
    const body = fs.readFileSync(file);
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { files: sources.length, rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kib / 1024;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const starts: number[] = [];
const rss: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const backend = await startBuiltBackend({ name: `bench-${run}`, port: 7190 });
  starts.push(backend.startupSeconds);
  // Let start-up work that follows readiness (first catalog pass, search indexing) settle.
  await sleep(10_000);
  rss.push(rssMiB(backend.process.pid!));
  await backend.stop();
}
const js = initialJs(path.join(repoRoot, 'packages/app/dist'));
const TASK_RUNS = 5;
const timings = await templateTaskTimings(
  'new-service',
  TASK_RUNS,
  newServiceValues,
);
const tasks = timings.map(t => t.total);
const environmentTasks = (
  await templateTaskTimings(
    'ephemeral-environment',
    TASK_RUNS,
    environmentValues,
  )
).map(t => t.total);
const onboarding = await onboardingTimings(TASK_RUNS);
const onboardingTotals = onboarding.map(t => t.total);

const policyRuns: { seconds: number; manifests: number; violations: number }[] =
  [];
for (let run = 0; run < 5; run++)
  policyRuns.push(
    await runTsBench('plugins/policy-engine/src/bench.ts', 'benchBaseline', [
      1000,
    ]),
  );
const sweepRuns: { seconds: number; environments: number; tornDown: number }[] =
  [];
for (let run = 0; run < 5; run++)
  sweepRuns.push(
    await runTsBench(
      'plugins/environments-backend/src/bench.ts',
      'benchSweep',
      [10000],
    ),
  );

const rows = [
  [
    'backend cold start to healthy',
    `${median(starts).toFixed(2)} s`,
    `median of ${RUNS}: ${starts.map(s => s.toFixed(2)).join(', ')}`,
  ],
  [
    'backend RSS after start',
    `${median(rss).toFixed(0)} MB`,
    `median of ${RUNS} (MiB, 10 s after healthy, SQLite)`,
  ],
  [
    'frontend initial JS (raw)',
    `${js.rawKiB.toFixed(0)} KiB`,
    `${js.files} scripts loaded by index.html`,
  ],
  [
    'frontend initial JS (gzip)',
    `${js.gzipKiB.toFixed(0)} KiB`,
    'gzip -9 of the same scripts',
  ],
  [
    'new-service task, start to done',
    `${median(tasks).toFixed(2)} s`,
    `median of ${TASK_RUNS}: ${tasks
      .map(s => s.toFixed(2))
      .join(', ')} (target ≤ 5 s)`,
  ],
  [
    'environment creation task, start to done',
    `${median(environmentTasks).toFixed(2)} s`,
    `median of ${TASK_RUNS}: ${environmentTasks
      .map(s => s.toFixed(2))
      .join(', ')} (target ≤ 3 s; 3 services, GitOps on the devstack)`,
  ],
  [
    'onboarding, IdP event to every step done',
    `${median(onboardingTotals).toFixed(2)} s`,
    `median of ${TASK_RUNS}: ${onboardingTotals
      .map(s => s.toFixed(2))
      .join(', ')} (target ≤ 5 s)`,
  ],
  [
    'policy check, 1,000 manifests',
    `${median(policyRuns.map(r => r.seconds)).toFixed(3)} s`,
    `median of 5; ${policyRuns[0].violations} violations found (target ≤ 1 s)`,
  ],
  [
    'lifecycle sweep, 10,000 environments',
    `${median(sweepRuns.map(r => r.seconds)).toFixed(3)} s`,
    `median of 5; ${sweepRuns[0].tornDown} torn down per sweep (target ≤ 1 s)`,
  ],
  ...Object.keys(timings[0].steps).map(step => [
    `  step: ${step}`,
    `${median(timings.map(t => t.steps[step] ?? 0)).toFixed(2)} s`,
    'median; task-log timestamps, 1 s resolution',
  ]),
  ...Object.keys(onboarding[0].steps).map((step, i) => [
    `  onboarding step ${i + 1}`,
    `${median(onboarding.map(t => t.steps[step] ?? 0)).toFixed(2)} s`,
    `median; ${step}; task-log timestamps, 1 s resolution`,
  ]),
];
console.log(
  `Runway benchmarks — ${new Date().toISOString().slice(0, 10)}, ${
    os.cpus().length
  } × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(
    0,
  )} GiB, Node ${process.version}`,
);
for (const [name, value, note] of rows) {
  console.log(`${name.padEnd(44)} ${value.padStart(10)}   ${note}`);
}
