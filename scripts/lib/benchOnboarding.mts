/**
 * Golden path 3's duration: the built backend (in-memory SQLite) against the devstack receives a
 * signed HR hire, starts one onboarding run and runs the engineer-onboarding template (access pull
 * request, Slack channels and usergroup, welcome mail, the manager told). Each run is timed from
 * the POST of the HR event to the API reporting the run's scaffolder task completed (polled every
 * 50 ms), with a new hire each time, provisioned in the devstack's Slack first as SCIM would.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBuiltBackend } from './builtBackend.mts';
import { startDevstackProcess } from './devstackProcess.mts';
import {
  guestToken,
  stepSeconds,
  waitForEntity,
  waitForTaskCompleted,
} from './runwayApi.mts';

/** app-config.yaml's runway.onboarding.hrWebhook.secret (the devstack's value). */
const HR_SECRET = 'devstack-hr-webhook-secret';
const POLL_MS = 50;
const TIMEOUT_MS = 120_000;
const SMTP_PORT = 7127;

export interface OnboardingTiming {
  /** Seconds from the POST of the HR event to the API reporting the run's task completed. */
  total: number;
  /** Seconds per step of the engineer-onboarding task, by step name. */
  steps: Record<string, number>;
}

interface Run {
  id: string;
  state: string;
  taskId?: string;
  lastError?: string;
}

/** A hire the catalogue does not know yet: a new login, e-mail and IdP id for each run. */
function newHire(id: string) {
  const startDate = new Date(Date.now() + 14 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    idpUserId: `00u-${id}`,
    name: `Bench Engineer ${id}`,
    email: `${id}@acme.example`,
    githubLogin: id,
    team: 'group:default/payments',
    manager: 'grace.liu@acme.example',
    buddy: 'priya.raman@acme.example',
    startDate,
  };
}

/** Adds the hire to the devstack's Slack, as the identity provider's SCIM push would. */
async function provisionSlackUser(
  devstackBase: string,
  hire: ReturnType<typeof newHire>,
) {
  const res = await fetch(`${devstackBase}/_devstack/slack/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: hire.githubLogin,
      realName: hire.name,
      email: hire.email,
    }),
  });
  if (res.status !== 201) {
    throw new Error(
      `the devstack's Slack refused ${hire.email}: ${
        res.status
      } ${await res.text()}`,
    );
  }
}

/** POSTs the signed HR hire; returns the run id. */
async function sendHire(
  url: string,
  eventId: string,
  person: ReturnType<typeof newHire>,
): Promise<string> {
  const body = JSON.stringify({ id: eventId, type: 'hire', person });
  const at = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', HR_SECRET)
    .update(`${at}.${body}`)
    .digest('hex');
  const res = await fetch(`${url}/api/onboarding/hr/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Runway-Timestamp': String(at),
      'X-Runway-Signature': `v1=${signature}`,
    },
    body,
  });
  if (res.status !== 201) {
    throw new Error(
      `the HR webhook refused event ${eventId}: ${
        res.status
      } ${await res.text()}`,
    );
  }
  return ((await res.json()) as { runId: string }).runId;
}

/** Waits for the run to start its scaffolder task; returns the task id. */
async function waitForRunTask(
  url: string,
  headers: Record<string, string>,
  runId: string,
  deadline: number,
): Promise<string> {
  let last: Run | undefined;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/onboarding/runs`, { headers });
    if (res.status !== 200) {
      throw new Error(
        `GET /api/onboarding/runs answered ${
          res.status
        } ${await res.text()}: the guest must be in group:default/platform`,
      );
    }
    const { runs } = (await res.json()) as { runs: Run[] };
    last = runs.find(r => r.id === runId);
    if (last?.state === 'incomplete') {
      throw new Error(
        `onboarding run ${runId} is incomplete: ${
          last.lastError ?? '(no error)'
        }`,
      );
    }
    if (last?.taskId) return last.taskId;
    await sleep(POLL_MS);
  }
  throw new Error(
    `onboarding run ${runId} started no task within ${
      TIMEOUT_MS / 1000
    }s; last seen: ${JSON.stringify(last)}`,
  );
}

async function timeOneOnboarding(
  url: string,
  devstackBase: string,
  token: string,
  id: string,
): Promise<OnboardingTiming> {
  const headers = { Authorization: `Bearer ${token}` };
  const hire = newHire(id);
  await provisionSlackUser(devstackBase, hire);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + TIMEOUT_MS;
  const runId = await sendHire(url, `hr-${id}`, hire);
  const taskId = await waitForRunTask(url, headers, runId, deadline);
  await waitForTaskCompleted(url, headers, taskId, {
    timeoutSeconds: Math.max(1, (deadline - Date.now()) / 1000),
    pollMs: POLL_MS,
    what: `onboarding task ${taskId}`,
  });
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  return { total, steps: await stepSeconds(url, taskId, headers) };
}

/** One timing per onboarding, each a new hire, on a fresh devstack and built backend. */
export async function onboardingTimings(
  runs: number,
): Promise<OnboardingTiming[]> {
  const devstack = await startDevstackProcess({
    port: 7172,
    smtpPort: SMTP_PORT,
  });
  try {
    const devstackConfig = devstack.backendConfig as {
      runway?: object;
      [key: string]: unknown;
    };
    const backend = await startBuiltBackend({
      name: 'bench-onboarding',
      port: 7192,
      config: {
        ...devstackConfig,
        runway: {
          ...devstackConfig.runway,
          onboarding: {
            email: {
              smtp: { host: '127.0.0.1', port: SMTP_PORT },
              from: 'Runway <runway@acme.example>',
            },
          },
        },
        // Onboarding runs are the platform team's to read (personal data).
        auth: {
          providers: {
            guest: {
              ownershipEntityRefs: [
                'user:development/guest',
                'group:default/platform',
              ],
            },
          },
        },
      },
    });
    try {
      const token = await guestToken(backend.url);
      await waitForEntity(
        backend.url,
        token,
        'template/default/engineer-onboarding',
      );
      await waitForEntity(backend.url, token, 'group/default/payments');
      await waitForEntity(backend.url, token, 'user/default/grace-liu');
      const stamp = Date.now().toString(36);
      const timings: OnboardingTiming[] = [];
      for (let run = 1; run <= runs; run++)
        timings.push(
          await timeOneOnboarding(
            backend.url,
            devstack.base,
            token,
            `bench-${stamp}-${run}`,
          ),
        );
      return timings;
    } finally {
      await backend.stop();
    }
  } finally {
    await devstack.stop();
  }
}
