/**
 * Golden path 3's duration: the built backend (in-memory SQLite) against the devstack receives a
 * signed HR hire, starts one onboarding run and runs the engineer-onboarding template (access pull
 * request, Slack channels and usergroup, welcome mail, the manager told). Each run is timed from
 * the POST of the HR event to the API reporting the run's scaffolder task completed (polled every
 * 50 ms), with a new hire each time, provisioned in the devstack's Slack first as SCIM would.
 */
import { startBuiltBackend } from './builtBackend.mts';
import { startDevstackProcess } from './devstackProcess.mts';
import {
  newHire,
  onboardingBackendConfig,
  provisionSlackUser,
  sendHire,
  waitForRunTask,
} from './onboardingApi.mts';
import {
  guestToken,
  stepSeconds,
  waitForEntity,
  waitForTaskCompleted,
} from './runwayApi.mts';

const POLL_MS = 50;
const TIMEOUT_MS = 120_000;
const SMTP_PORT = 7127;

export interface OnboardingTiming {
  /** Seconds from the POST of the HR event to the API reporting the run's task completed. */
  total: number;
  /** Seconds per step of the engineer-onboarding task, by step name. */
  steps: Record<string, number>;
}

async function timeOneOnboarding(
  url: string,
  devstackBase: string,
  token: string,
  id: string,
): Promise<OnboardingTiming> {
  const headers = { Authorization: `Bearer ${token}` };
  const hire = newHire(id, `Bench Engineer ${id}`);
  await provisionSlackUser(devstackBase, hire);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + TIMEOUT_MS;
  const runId = await sendHire(url, `hr-${id}`, hire);
  const taskId = await waitForRunTask(url, headers, runId, {
    timeoutMs: deadline - Date.now(),
    pollMs: POLL_MS,
  });
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
    const backend = await startBuiltBackend({
      name: 'bench-onboarding',
      port: 7192,
      config: onboardingBackendConfig(
        devstack.backendConfig as { runway?: object },
        SMTP_PORT,
      ),
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
