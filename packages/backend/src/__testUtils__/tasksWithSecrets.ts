/**
 * The scaffolder's REST API with `secrets`, as the portal sends a template's secret form fields:
 * create or retry a task with them, wait for it within a deadline, and read back everything the
 * API shows about it (the task, its events) as text.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';

export interface TaskRecord {
  id: string;
  status: string;
  /** The completion's output. */
  output: Record<string, any>;
  /** Every event's message, in order: the log a person reads in the portal. */
  log: string;
  /** The failure message, when the task failed. */
  error?: string;
  /** GET /v2/tasks/:id and GET /v2/tasks/:id/events, verbatim. */
  raw: string;
}

const asUser = (req: request.Test) =>
  req.set('Authorization', mockCredentials.user.header());

export async function createTaskWithSecrets(
  server: Server,
  templateRef: string,
  values: object,
  secrets: Record<string, string>,
): Promise<string> {
  const res = await asUser(
    request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef, values, secrets }),
  );
  if (res.status !== 201)
    throw new Error(
      `task refused (${res.status}): ${JSON.stringify(res.body)}`,
    );
  return res.body.id;
}

/** The portal's "Retry": the scaffolder re-runs the task, replaying its checkpoints. */
export async function retryTaskWithSecrets(
  server: Server,
  id: string,
  secrets: Record<string, string>,
): Promise<void> {
  const res = await asUser(
    request(server)
      .post(`/api/scaffolder/v2/tasks/${id}/retry`)
      .send({ secrets }),
  );
  if (res.status !== 201)
    throw new Error(
      `retry refused (${res.status}): ${JSON.stringify(res.body)}`,
    );
}

/**
 * Waits for the task to complete, fail or be cancelled; throws naming the task and its last
 * message when it is still running after `timeoutMs` (a hung run).
 */
export async function settledTask(
  server: Server,
  id: string,
  timeoutMs: number,
): Promise<TaskRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await asUser(
      request(server).get(`/api/scaffolder/v2/tasks/${id}`),
    );
    const settled = ['completed', 'failed', 'cancelled'].includes(
      task.body.status,
    );
    if (settled || Date.now() > deadline) {
      const events = await asUser(
        request(server).get(`/api/scaffolder/v2/tasks/${id}/events`),
      );
      const body = events.body as Array<{ type: string; body?: any }>;
      const log = body
        .map(e => e.body?.message)
        .filter(Boolean)
        .join('\n');
      if (!settled)
        throw new Error(
          `task ${id} is still ${
            task.body.status
          } after ${timeoutMs} ms; its log ends: ${log.slice(-500)}`,
        );
      const completion = body.find(e => e.type === 'completion')?.body;
      return {
        id,
        status: task.body.status,
        output: completion?.output ?? {},
        log,
        error: completion?.error?.message,
        raw: `${JSON.stringify(task.body)}\n${JSON.stringify(body)}`,
      };
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
