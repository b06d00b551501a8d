/**
 * Onboarding driven from outside the backend, as the bench and the browser test do: a new hire,
 * provisioned in the devstack's Slack (as SCIM would), the HR system's signed event, and the run
 * waited for until its scaffolder task exists.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The built backend's config for onboarding on the devstack: the devstack's own settings, the
 * welcome mail through its SMTP stand-in, and the guest in the platform team (onboarding runs are
 * personal data, the platform team's to read).
 */
export function onboardingBackendConfig(
  devstackConfig: { runway?: object; [key: string]: unknown },
  smtpPort: number,
) {
  return {
    ...devstackConfig,
    runway: {
      ...devstackConfig.runway,
      onboarding: {
        email: {
          smtp: { host: '127.0.0.1', port: smtpPort },
          from: 'Runway <runway@acme.example>',
        },
      },
    },
    ...GUEST_IN_PLATFORM_TEAM,
  };
}

/** Config that signs the guest in as a member of the platform team. */
export const GUEST_IN_PLATFORM_TEAM = {
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
};

/** app-config.yaml's runway.onboarding.hrWebhook.secret (the devstack's value). */
export const DEVSTACK_HR_SECRET = 'devstack-hr-webhook-secret';

export type Hire = ReturnType<typeof newHire>;

/** A hire joining payments in two weeks, with a login, e-mail and IdP id nobody has yet. */
export function newHire(login: string, name = `Engineer ${login}`) {
  const startDate = new Date(Date.now() + 14 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    idpUserId: `00u-${login}`,
    name,
    email: `${login}@acme.example`,
    githubLogin: login,
    team: 'group:default/payments',
    manager: 'grace.liu@acme.example',
    buddy: 'priya.raman@acme.example',
    startDate,
  };
}

/** Adds the hire to the devstack's Slack, as the identity provider's SCIM push would. */
export async function provisionSlackUser(devstackBase: string, hire: Hire) {
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

/** POSTs the HR system's signed hire; returns the run id. */
export async function sendHire(
  url: string,
  eventId: string,
  hire: Hire,
  secret = DEVSTACK_HR_SECRET,
): Promise<string> {
  const body = JSON.stringify({ id: eventId, type: 'hire', person: hire });
  const at = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret)
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

interface Run {
  id: string;
  state: string;
  taskId?: string;
  lastError?: string;
}

/** Waits for the run to start its scaffolder task; returns the task id. */
export async function waitForRunTask(
  url: string,
  headers: Record<string, string>,
  runId: string,
  options: { timeoutMs: number; pollMs: number },
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
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
    await sleep(options.pollMs);
  }
  throw new Error(
    `onboarding run ${runId} started no task within ${
      options.timeoutMs / 1000
    }s; last seen: ${JSON.stringify(last)}`,
  );
}
