/**
 * A running Runway backend's API as the benchmarks and the browser tests use it: sign in as the
 * guest, wait for the catalogue, run a template and wait for its task.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A guest token; the guest provider signs in only on the embedded default (NODE_ENV=development). */
export async function guestToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`);
  if (res.status !== 200) {
    throw new Error(
      `guest sign-in at ${url} answered ${res.status}: the backend must run the embedded default config (app-config.yaml, NODE_ENV=development)`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/** Waits for the catalog to serve `kind/namespace/name`, e.g. `template/default/new-service`. */
export async function waitForEntity(
  url: string,
  token: string,
  ref: string,
  timeoutSeconds = 120,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/catalog/entities/by-name/${ref}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.status === 200) return;
    await sleep(200);
  }
  throw new Error(
    `the catalog did not serve ${ref} within ${timeoutSeconds}s: check the Location that should load it`,
  );
}

/** Creates the task and waits for it to complete (returns its id); a failed task throws with its log. */
export async function runTemplate(
  url: string,
  token: string,
  templateRef: string,
  values: object,
  options: { timeoutSeconds?: number; pollMs?: number } = {},
): Promise<string> {
  const { timeoutSeconds = 120, pollMs = 200 } = options;
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const created = await fetch(`${url}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ templateRef, values }),
  });
  if (created.status !== 201) {
    throw new Error(
      `the scaffolder refused ${templateRef}: ${
        created.status
      } ${await created.text()}`,
    );
  }
  const { id } = (await created.json()) as { id: string };
  await waitForTaskCompleted(url, headers, id, {
    timeoutSeconds,
    pollMs,
    what: `task ${id} of ${templateRef}`,
  });
  return id;
}

/** Waits for a task to complete; a failed, cancelled or overdue task throws with its log. */
export async function waitForTaskCompleted(
  url: string,
  headers: Record<string, string>,
  id: string,
  options: { timeoutSeconds: number; pollMs: number; what?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let status = 'open';
  while (Date.now() < deadline) {
    const task = await (
      await fetch(`${url}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    status = task.status;
    if (status === 'completed') return;
    if (status === 'failed' || status === 'cancelled') break;
    await sleep(options.pollMs);
  }
  throw new Error(
    `${options.what ?? `task ${id}`} ended ${status}${
      status === 'failed' || status === 'cancelled'
        ? ''
        : ` (still running after ${options.timeoutSeconds}s)`
    }; its log:\n${await taskLog(url, id, headers)}`,
  );
}

/** Each step's seconds, from the task's log ("Beginning step" to "Finished step", 1 s resolution). */
export async function stepSeconds(
  url: string,
  id: string,
  headers: Record<string, string>,
): Promise<Record<string, number>> {
  const began = new Map<string, number>();
  const steps: Record<string, number> = {};
  for (const event of await taskEvents(url, id, headers)) {
    const message = event.body?.message ?? '';
    const at = Date.parse(event.createdAt);
    const start = /^Beginning step (.+)$/.exec(message);
    const end = /^Finished step (.+)$/.exec(message);
    if (start) began.set(start[1], at);
    if (end && began.has(end[1]))
      steps[end[1]] = (at - began.get(end[1])!) / 1000;
  }
  return steps;
}

async function taskEvents(
  url: string,
  id: string,
  headers: Record<string, string>,
): Promise<Array<{ createdAt: string; body?: { message?: string } }>> {
  return (
    await fetch(`${url}/api/scaffolder/v2/tasks/${id}/events`, { headers })
  ).json();
}

/** The task's log messages, one a line. */
async function taskLog(
  url: string,
  id: string,
  headers: Record<string, string>,
): Promise<string> {
  return (await taskEvents(url, id, headers))
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
}
