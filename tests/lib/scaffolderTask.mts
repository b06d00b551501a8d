/** Runs a template through a running backend's scaffolder API, as the holder of `token`. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Creates the task and waits for it to complete (returns its id); a failed task throws with its log. */
export async function runTemplate(
  url: string,
  token: string,
  templateRef: string,
  values: object,
  timeoutSeconds = 120,
): Promise<string> {
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
    await sleep(200);
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
