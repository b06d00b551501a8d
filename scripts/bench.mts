/**
 * `yarn bench`: figures for the production build, printed as a table.
 *   - Runway against stock Backstage, in the same run (issue 16): a stock `create-app` app of the
 *     release in backstage.json, pinned to the `@backstage/*` versions of Runway's yarn.lock, built
 *     once and cached outside the repo (scripts/lib/stockApp.mts; the first run builds it, some
 *     minutes). Both production backend bundles on their embedded defaults (app-config.yaml,
 *     in-memory SQLite), NODE_ENV=development, LOG_LEVEL=warn, different ports; RUNWAY_BENCH_RUNS
 *     rounds (default 5), each starting both one after the other, which one first alternating
 *     (stock first in odd rounds). Medians of both and the ratio Runway / stock, "ok" or "over"
 *     against the targets (start ≤ 1.2×, RSS ≤ 1.2×, initial JS gzip ≤ 1.0×):
 *     - backend cold start to ready (s): spawn of the built backend to the first 200 from readiness
 *     - RSS once ready (MB): the backend process's VmRSS 5 s after ready
 *     - frontend initial JS (KiB raw and gzip): the scripts index.html loads before anything lazy
 *     - first page in Chromium (KiB gzip): every script fetched until the guest sign-in page shows,
 *       index.html's and the lazy ones the first page needs (scripts/lib/firstPageJs.mts)
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
 *   - catalogue at 10,000 entities on PostgreSQL (ms): p95 and p50 of 200 loads each of the list,
 *     entity and search pages' requests (scripts/lib/benchCatalog.mts; PostgreSQL on 127.0.0.1)
 * RUNWAY_BENCH_ONLY=start runs only the comparison with stock (start, RSS, first-page JS),
 * `catalog` only the catalogue at scale, `tasks` only the golden paths and the rest
 * (RUNWAY_BENCH_ONLY takes a comma-separated list, e.g. start,catalog).
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  demoEntities,
  environmentValues,
  newServiceValues,
  templateTaskTimings,
} from './lib/benchTemplateTask.mts';
import { onboardingTimings } from './lib/benchOnboarding.mts';
import {
  repoRoot,
  startBuiltBackend,
  type BuiltBackend,
} from './lib/builtBackend.mts';
import { catalogAtScale } from './lib/benchCatalog.mts';
import { initialJs } from './lib/initialJs.mts';
import { firstPageJs } from './lib/firstPageJs.mts';
import { median, rssMiB, SETTLE_MS } from './lib/startFigures.mts';
import { ensureStockApp, startStockBackend } from './lib/stockApp.mts';
import { runTsBench } from './lib/tsBench.mts';

const RUNS = Number(process.env.RUNWAY_BENCH_RUNS ?? 5);
const only = (process.env.RUNWAY_BENCH_ONLY ?? '').split(',').filter(Boolean);
/** Whether a section of the bench runs: all do unless RUNWAY_BENCH_ONLY names some. */
const section = (name: string) => only.length === 0 || only.includes(name);

function report(rows: string[][]) {
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
}

/** Runway against the stock app: alternating starts, medians, ratios against the targets. */
async function stockComparison(): Promise<string[][]> {
  const stock = await ensureStockApp();
  const measured = {
    stock: { starts: [] as number[], rss: [] as number[] },
    runway: { starts: [] as number[], rss: [] as number[] },
  };
  for (let round = 1; round <= RUNS; round++) {
    // Alternate which starts first, so neither always follows the other on a busy machine.
    const order =
      round % 2
        ? (['stock', 'runway'] as const)
        : (['runway', 'stock'] as const);
    for (const which of order) {
      const backend: BuiltBackend =
        which === 'stock'
          ? await startStockBackend({
              name: `bench-stock-${round}`,
              port: 7191,
            })
          : await startBuiltBackend({ name: `bench-${round}`, port: 7190 });
      measured[which].starts.push(backend.startupSeconds);
      // RSS once ready, with the start-up work that follows readiness under way.
      await sleep(SETTLE_MS);
      measured[which].rss.push(rssMiB(backend.process.pid!));
      await backend.stop();
      process.stderr.write(
        `bench: round ${round}/${RUNS}, ${which}: ready in ${backend.startupSeconds.toFixed(
          2,
        )} s, ${measured[which].rss.at(-1)!.toFixed(0)} MB\n`,
      );
    }
  }
  const runwayDist = path.join(repoRoot, 'packages/app/dist');
  const js = {
    runway: initialJs(runwayDist),
    stock: initialJs(stock.appDist),
  };
  const firstPage = {
    runway: await firstPageJs(runwayDist),
    stock: await firstPageJs(stock.appDist),
  };
  const ratio = (runway: number, base: number, target?: number) => {
    const r = runway / base;
    return [
      '  Runway / stock',
      `${r.toFixed(2)}×`,
      target === undefined
        ? 'no target'
        : `target ≤ ${target.toFixed(1)}×: ${r <= target ? 'ok' : 'over'}`,
    ];
  };
  const runs = (values: number[], digits: number) =>
    `median of ${values.length}: ${values
      .map(v => v.toFixed(digits))
      .join(', ')}`;
  const stockName = `stock ${stock.backstageVersion}`;
  const { runway, stock: base } = measured;
  return [
    [
      'backend cold start to ready, Runway',
      `${median(runway.starts).toFixed(2)} s`,
      runs(runway.starts, 2),
    ],
    [
      `backend cold start to ready, ${stockName}`,
      `${median(base.starts).toFixed(2)} s`,
      `${runs(base.starts, 2)} (create-app ${
        stock.createAppVersion
      }, pinned to Runway's lockfile)`,
    ],
    ratio(median(runway.starts), median(base.starts), 1.2),
    [
      'backend RSS once ready, Runway',
      `${median(runway.rss).toFixed(0)} MB`,
      `${runs(runway.rss, 0)} (MiB, 5 s after ready, in-memory SQLite)`,
    ],
    [
      `backend RSS once ready, ${stockName}`,
      `${median(base.rss).toFixed(0)} MB`,
      runs(base.rss, 0),
    ],
    ratio(median(runway.rss), median(base.rss), 1.2),
    [
      'frontend initial JS (raw), Runway',
      `${js.runway.rawKiB.toFixed(0)} KiB`,
      `${js.runway.files} scripts loaded by index.html`,
    ],
    [
      `frontend initial JS (raw), ${stockName}`,
      `${js.stock.rawKiB.toFixed(0)} KiB`,
      `${js.stock.files} scripts loaded by index.html`,
    ],
    ratio(js.runway.rawKiB, js.stock.rawKiB),
    [
      'frontend initial JS (gzip), Runway',
      `${js.runway.gzipKiB.toFixed(0)} KiB`,
      'gzip -9 of the same scripts',
    ],
    [
      `frontend initial JS (gzip), ${stockName}`,
      `${js.stock.gzipKiB.toFixed(0)} KiB`,
      'gzip -9 of the same scripts',
    ],
    ratio(js.runway.gzipKiB, js.stock.gzipKiB, 1.0),
    [
      'first page in Chromium, JS (gzip), Runway',
      `${firstPage.runway.gzipKiB.toFixed(0)} KiB`,
      `${firstPage.runway.files} scripts fetched until the sign-in page shows`,
    ],
    [
      `first page in Chromium, JS (gzip), ${stockName}`,
      `${firstPage.stock.gzipKiB.toFixed(0)} KiB`,
      `${firstPage.stock.files} scripts, the same way`,
    ],
    ratio(firstPage.runway.gzipKiB, firstPage.stock.gzipKiB, 1.0),
  ];
}

/** The catalogue at 10,000 entities on PostgreSQL: p50/p95 of the three pages' requests. */
async function catalogRows(): Promise<string[][]> {
  const result = await catalogAtScale({
    samples: 200,
    log: message => process.stderr.write(`bench: catalogue: ${message}\n`),
  });
  const targets = { list: 250, entity: 150, search: 300 } as const;
  const label = {
    list: 'catalogue list page (10,000 entities, PG)',
    entity: 'catalogue entity page (10,000 entities, PG)',
    search: 'search page (10,000 entities, PG)',
  } as const;
  return (['list', 'entity', 'search'] as const).map(page => {
    const { p50, p95 } = result[page];
    return [
      label[page],
      `${p95.toFixed(0)} ms`,
      `p95 of ${result.samples} page loads (p50 ${p50.toFixed(
        0,
      )} ms); target ≤ ${targets[page]} ms: ${
        p95 <= targets[page] ? 'ok' : 'over'
      }; load average ${result.loadAverage.map(l => l.toFixed(1)).join(' → ')}`,
    ];
  });
}

/** The golden paths on the devstack, the policy check and the lifecycle sweep. */
async function taskRows(): Promise<string[][]> {
  const TASK_RUNS = 5;
  const timings = await templateTaskTimings(
    'new-service',
    TASK_RUNS,
    newServiceValues,
    demoEntities,
  );
  const tasks = timings.map(t => t.total);
  const environmentTasks = (
    await templateTaskTimings(
      'ephemeral-environment',
      TASK_RUNS,
      environmentValues,
      demoEntities,
    )
  ).map(t => t.total);
  const onboarding = await onboardingTimings(TASK_RUNS);
  const onboardingTotals = onboarding.map(t => t.total);

  const policyRuns: {
    seconds: number;
    manifests: number;
    violations: number;
  }[] = [];
  for (let run = 0; run < 5; run++)
    policyRuns.push(
      await runTsBench('plugins/policy-engine/src/bench.ts', 'benchBaseline', [
        1000,
      ]),
    );
  const sweepRuns: {
    seconds: number;
    environments: number;
    tornDown: number;
  }[] = [];
  for (let run = 0; run < 5; run++)
    sweepRuns.push(
      await runTsBench(
        'plugins/environments-backend/src/bench.ts',
        'benchSweep',
        [10000],
      ),
    );

  return [
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
}

const rows = [
  ...(section('start') ? await stockComparison() : []),
  ...(section('catalog') ? await catalogRows() : []),
  ...(section('tasks') ? await taskRows() : []),
];
report(rows);
