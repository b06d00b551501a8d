/**
 * What the loop tests through the devstack's identity providers (Okta's event hook, Graph's change
 * notifications) share: a local proxy the stand-in can be pointed at before the backend exists,
 * waiting for the onboarding run a delivery started, and a task that must complete.
 */
import http, { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { waitForTask } from './scaffolderTasks';

/** The proxy's answer: a status, and a body with its content type. */
export interface ProxyAnswer {
  status: number;
  contentType?: string;
  text?: string;
}

/**
 * Starts an HTTP server on a free port of 127.0.0.1 whose every request (with its body, undefined
 * when empty) `answer` answers: the devstack needs the URL at its start, the backend starts after.
 */
export async function startLocalProxy(
  answer: (
    req: http.IncomingMessage,
    body: string | undefined,
  ) => Promise<ProxyAnswer>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { status, contentType, text } = await answer(
      req,
      Buffer.concat(chunks).toString('utf8') || undefined,
    );
    if (contentType === undefined) res.writeHead(status);
    else res.writeHead(status, { 'content-type': contentType });
    res.end(text);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Waits (up to a minute) for the `kind` run about `idpUserId` to have started its task. */
export async function runOf(server: Server, idpUserId: string, kind: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await request(server)
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header());
    const run = body.runs?.find(
      (r: any) => r.idpUserId === idpUserId && r.kind === kind,
    );
    if (run?.state === 'started' || run?.state === 'incomplete') return run;
    if (Date.now() > deadline)
      throw new Error(`no ${kind} run: ${JSON.stringify(body)}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Waits for the task and expects it completed; its log is shown when it did not. */
export async function expectTaskCompleted(server: Server, taskId: string) {
  const task = await waitForTask(server, taskId);
  expect({
    status: task.status,
    log: task.status === 'completed' ? '' : task.log,
  }).toEqual({ status: 'completed', log: '' });
  return task;
}
