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
  const deadline = Date.now() + timeoutSeconds * 1000;
  let status = 'open';
  while (Date.now() < deadline) {
    const task = await (
      await fetch(`${url}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    status = task.status;
    if (status === 'completed') return id;
    if (status === 'failed' || status === 'cancelled') break;
    await sleep(pollMs);
  }
  throw new Error(
    `task ${id} of ${templateRef} ended ${status}${
      status === 'failed' || status === 'cancelled'
        ? ''
        : ` (still running after ${timeoutSeconds}s)`
    }; its log:\n${await taskLog(url, id, headers)}`,
  );
}

/** The task's log messages, one a line. */
async function taskLog(
  url: string,
  id: string,
  headers: Record<string, string>,
): Promise<string> {
  const events: Array<{ body?: { message?: string } }> = await (
    await fetch(`${url}/api/scaffolder/v2/tasks/${id}/events`, { headers })
  ).json();
  return events
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
}
