/**
 * Issue 13's fault-injection acceptance: each golden path runs 50 times against a devstack whose
 * GitHub and Slack fail at random (seeded: 5xx, 429 with Retry-After, and hangs longer than
 * Runway's per-request timeout) while Runway's clients retry. Each run must end completed or
 * failed with a message a person can act on; a failed run is retried through the scaffolder's
 * own retry (checkpoints replayed) and must then complete. Afterwards the devstack's state is
 * read back: no repository, pull request, lease, commit, comment or Slack message exists twice.
 *
 * Runs per path: issue 13 asks for 50 (RUNWAY_FAULT_RUNS=50). CI runs DEFAULT_RUNS, the largest
 * that fits this file and secrets.test.ts in about 6 minutes on a 2-core machine. Measured there
 * (2 cores, other test runs sharing them), with the 20 s per-attempt timeout: 50 runs per path took
 * 547 s (new service) and 515 s (environment), 1,070 s for the file (docs/security.md, "Under
 * faults"); CI's one run per path takes about a minute after the start.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Octokit } from '@octokit/rest';
import { Devstack, openPullRequest, startDevstack } from '@runway/devstack';
import request from 'supertest';
import {
  EPHEMERAL_ENVIRONMENT,
  GITHUB_REQUEST_TIMEOUT_MS,
  NEW_SERVICE,
  environmentValues,
  newServiceValues,
  startBothGoldenPaths,
} from './__testUtils__/bothGoldenPaths';
import {
  TaskRecord,
  createTaskWithSecrets,
  retryTaskWithSecrets,
  settledTask,
} from './__testUtils__/tasksWithSecrets';

/** Runs per golden path in CI; see the measurements above. */
const DEFAULT_RUNS = 1;
/** Runs per golden path; RUNWAY_FAULT_RUNS=50 is issue 13's full acceptance run. */
const RUNS = Number(process.env.RUNWAY_FAULT_RUNS ?? DEFAULT_RUNS);
const SEED = 13;
/** Chance that one GitHub or Slack call fails. */
const RATE = 0.1;
const FAULTS = [
  { status: 500 as const },
  { status: 502 as const },
  { status: 503 as const },
  { status: 429 as const, retryAfterSeconds: 1 },
  // A hang: longer than Runway's per-request timeout, so the client abandons it and retries.
  { delayMs: GITHUB_REQUEST_TIMEOUT_MS + 300 },
];
/** Longer than any run's retries take; a run past it has hung. */
// A run measured ≈ 50 s on 2 cores; each injected hang costs another 20 s or more.
const RUN_DEADLINE_MS = 5 * 60_000;

// Each run (and its retry) has its own deadline, so the hooks only need room for all of them.
jest.setTimeout(Math.max(30 * 60_000, 2 * RUNS * RUN_DEADLINE_MS));

let devstack: Devstack;
let started: Awaited<ReturnType<typeof startBothGoldenPaths>>;
const server = () => started.backend.server;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  started = await startBothGoldenPaths(devstack);
});

afterAll(async () => {
  await started?.backend.stop();
  await devstack?.stop();
});

interface Run {
  name: string;
  first: TaskRecord;
  retried?: TaskRecord;
}

/** What is wrong with how a run ended, or undefined when it ended clearly. */
function unclearEnding(task: TaskRecord): string | undefined {
  if (task.status === 'completed') return undefined;
  if (task.status !== 'failed') return `ended ${task.status}`;
  const message = task.error ?? '';
  if (message.length < 20 || /undefined|\[object Object\]/.test(message))
    return `failed with an unclear message: ${JSON.stringify(message)}`;
  return undefined;
}

/**
 * Runs the template once per name under seeded faults; a failed run is retried once the faults
 * stop (the portal's Retry), and must then complete.
 */
async function runUnderFaults(
  templateRef: string,
  names: string[],
  values: (name: string) => object,
  seed: number,
): Promise<Run[]> {
  const runs: Run[] = [];
  devstack.faults.clear();
  devstack.faults.randomly({ seed, rate: RATE, faults: FAULTS });
  for (const name of names) {
    const id = await createTaskWithSecrets(
      server(),
      templateRef,
      values(name),
      {},
    );
    runs.push({
      name,
      first: await settledTask(server(), id, RUN_DEADLINE_MS),
    });
  }
  const injected = devstack.faults.injected.length;
  devstack.faults.clear();
  for (const run of runs.filter(r => r.first.status === 'failed')) {
    await retryTaskWithSecrets(server(), run.first.id, {});
    run.retried = await settledTask(server(), run.first.id, RUN_DEADLINE_MS);
  }
  // The faults reached the runs: a test that injects nothing proves nothing.
  expect(injected).toBeGreaterThan(names.length / 2);
  return runs;
}

/**
 * Runs that did not end clearly, and retries that did not complete (a retried run replays its
 * checkpoints and finishes the rest), each as "<name> (<which>): <why>".
 */
function badEndings(runs: Run[]): string[] {
  return runs.flatMap(run => {
    const first = unclearEnding(run.first);
    const retried = run.retried && unclearEnding(run.retried);
    return [
      ...(first ? [`${run.name} (first run): ${first}`] : []),
      ...(retried ? [`${run.name} (retry): ${retried}`] : []),
      ...(run.retried && run.retried.status !== 'completed'
        ? [`${run.name} (retry): did not complete: ${run.retried.error}`]
        : []),
    ];
  });
}

/** Names whose count is not exactly one, with the count. */
function notOnce(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 1));
}

const countBy = async (
  names: string[],
  count: (name: string) => number | Promise<number>,
) =>
  Object.fromEntries(
    await Promise.all(names.map(async n => [n, await count(n)] as const)),
  );

/** Commits reachable from `ref` of acme/`repo` that touch `folder` (or any, when omitted). */
async function commitsTouching(repo: string, ref: string, folder?: string) {
  const out = await devstack.forge
    .git('acme', repo)
    .git(['rev-list', ref, ...(folder ? ['--', folder] : [])]);
  return out.toString().split('\n').filter(Boolean).length;
}

function summary(runs: Run[]) {
  const failed = runs.filter(r => r.first.status === 'failed');
  return {
    runs: runs.length,
    failedFirst: failed.length,
    failures: [...new Set(failed.map(r => r.first.error))],
  };
}

describe('the new backend service golden path under random GitHub and Slack faults', () => {
  const names = Array.from({ length: RUNS }, (_, i) => `fault-svc-${i}`);
  let runs: Run[];

  beforeAll(async () => {
    const startedAt = Date.now();
    runs = await runUnderFaults(NEW_SERVICE, names, newServiceValues, SEED);
    // eslint-disable-next-line no-console
    console.log(
      `new-service: ${RUNS} runs in ${Date.now() - startedAt} ms`,
      JSON.stringify(summary(runs), null, 1),
    );
  });

  it('ends every run completed or failed with a clear message, and every retry completed', () => {
    expect(badEndings(runs)).toEqual([]);
  });

  it('makes each repository once, with one commit', async () => {
    const { repos } = devstack.forge.state.data;
    expect(
      notOnce(
        await countBy(
          names,
          n => repos.filter(r => r.owner === 'acme' && r.name === n).length,
        ),
      ),
    ).toEqual({});
    expect(
      notOnce(await countBy(names, n => commitsTouching(n, '--all'))),
    ).toEqual({});
  });

  it('opens each Terraform pull request once, with one commit', async () => {
    const { pulls } = devstack.forge.state.data;
    expect(
      notOnce(
        await countBy(
          names,
          n =>
            pulls.filter(
              p =>
                p.repo === 'acme/platform-config' &&
                p.head === `runway/new-service-${n}`,
            ).length,
        ),
      ),
    ).toEqual({});
    expect(
      notOnce(
        await countBy(names, n =>
          commitsTouching(
            'platform-config',
            `refs/heads/runway/new-service-${n}`,
            `services/${n}`,
          ),
        ),
      ),
    ).toEqual({});
  });

  it('registers each repository in the catalogue once', async () => {
    const { body: locations } = await request(server())
      .get('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header());
    const targets = (locations as Array<{ data: { target: string } }>).map(
      l => l.data.target,
    );
    expect(
      notOnce(
        await countBy(
          names,
          n => targets.filter(t => t.includes(`/acme/${n}/`)).length,
        ),
      ),
    ).toEqual({});
  });

  it('tells the team at most once per service (the announcement is optional)', async () => {
    const messages = devstack.slack.messagesIn('team-payments');
    const counts = await countBy(
      names,
      n =>
        messages.filter(m => m.text.startsWith(`Your service ${n} is ready`))
          .length,
    );
    expect(Object.entries(counts).filter(([, n]) => n > 1)).toEqual([]);
  });
});

describe('the ephemeral environment golden path under random GitHub faults', () => {
  const names = Array.from({ length: RUNS }, (_, i) => `fault-env-${i}`);
  let runs: Run[];
  let pullNumber: number;

  beforeAll(async () => {
    devstack.faults.clear();
    const pr = await openPullRequest(
      new Octokit({
        auth: devstack.githubToken,
        baseUrl: devstack.urls.githubApi,
      }),
      {
        owner: 'acme',
        repo: 'platform-config',
        branch: 'fault-injection',
        title: 'Fault injection',
      },
    );
    pullNumber = pr.number;
    const startedAt = Date.now();
    runs = await runUnderFaults(
      EPHEMERAL_ENVIRONMENT,
      names,
      n => environmentValues(n, pr.html_url),
      SEED + 1,
    );
    // eslint-disable-next-line no-console
    console.log(
      `ephemeral-environment: ${RUNS} runs in ${Date.now() - startedAt} ms`,
      JSON.stringify(summary(runs), null, 1),
    );
  });

  it('ends every run completed or failed with a clear message, and every retry completed', () => {
    expect(badEndings(runs)).toEqual([]);
  });

  it('records each lease once', async () => {
    const { body } = await request(server())
      .get('/api/environments/environments')
      .set('Authorization', mockCredentials.user.header());
    const environments: Array<{ name: string }> = Array.isArray(body)
      ? body
      : body.items ?? body.environments;
    expect(
      notOnce(
        await countBy(
          names,
          n => environments.filter(e => e.name === n).length,
        ),
      ),
    ).toEqual({});
  });

  it("commits each environment's folder once", async () => {
    expect(
      notOnce(
        await countBy(names, n =>
          commitsTouching(
            'platform-config',
            'refs/heads/main',
            `environments/${n}`,
          ),
        ),
      ),
    ).toEqual({});
  });

  it("comments each environment's URLs on the pull request once", async () => {
    const comments = devstack.forge.state.data.comments.filter(
      c => c.repo === 'acme/platform-config' && c.issue_number === pullNumber,
    );
    expect(
      notOnce(
        await countBy(
          names,
          n =>
            comments.filter(c => c.body.includes(`.${n}.env.acme.example`))
              .length,
        ),
      ),
    ).toEqual({});
  });
});
