/**
 * Drives the real scaffolder backend over its REST API, as the portal does: create a task, wait
 * for it to finish, read its log and output; retry a failed one.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';

export interface TaskResult {
  id: string;
  status: string;
  output: Record<string, any>;
  log: string;
}

const asUser = (req: request.Test) =>
  req.set('Authorization', mockCredentials.user.header());

/** Waits until the catalogue serves `kind/namespace/name`; returns the entity. */
export async function waitForEntity(
  server: Server,
  ref: string,
  timeoutMs = 30_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await asUser(
      request(server).get(`/api/catalog/entities/by-name/${ref}`),
    );
    if (res.status === 200) return res.body;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${ref} never reached the catalogue`);
}

/** Creates a task; answers the HTTP response when the scaffolder refuses it (status ≠ 201). */
export async function createTask(
  server: Server,
  templateRef: string,
  values: object,
): Promise<request.Response> {
  return asUser(
    request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef, values }),
  );
}

/** Waits for a task to complete, fail or be cancelled. */
export async function waitForTask(
  server: Server,
  id: string,
): Promise<TaskResult> {
  for (;;) {
    const task = await asUser(
      request(server).get(`/api/scaffolder/v2/tasks/${id}`),
    );
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await asUser(
        request(server).get(`/api/scaffolder/v2/tasks/${id}/events`),
      );
      const body = events.body as Array<{ type: string; body?: any }>;
      return {
        id,
        status: task.body.status,
        output: body.find(e => e.type === 'completion')?.body?.output ?? {},
        log: body
          .map(e => e.body?.message)
          .filter(Boolean)
          .join('\n'),
      };
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Creates a task and waits for it to finish. */
export async function runTask(
  server: Server,
  templateRef: string,
  values: object,
): Promise<TaskResult> {
  const created = await createTask(server, templateRef, values);
  if (created.status !== 201)
    throw new Error(
      `task refused (${created.status}): ${JSON.stringify(created.body)}`,
    );
  return waitForTask(server, created.body.id);
}

/** Retries a failed task (the portal's "Retry"), then waits for it to finish. */
export async function retryTask(
  server: Server,
  id: string,
): Promise<TaskResult> {
  const res = await asUser(
    request(server).post(`/api/scaffolder/v2/tasks/${id}/retry`).send({}),
  );
  if (res.status !== 201)
    throw new Error(
      `retry refused (${res.status}): ${JSON.stringify(res.body)}`,
    );
  return waitForTask(server, id);
}
