/**
 * The new-service golden path's task duration: the built backend (in-memory SQLite) runs
 * templates/new-service against the devstack, and each run is timed from the POST that creates
 * the task to the moment the API reports it completed (polled every 50 ms).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startBuiltBackend } from './builtBackend.mts';
import { startDevstackProcess } from './devstackProcess.mts';

async function guestToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`);
  if (res.status !== 200) throw new Error(`guest sign-in: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function waitForTemplate(url: string, token: string) {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(
      `${url}/api/catalog/entities/by-name/template/default/new-service`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (res.status === 200) return;
    await sleep(200);
  }
  throw new Error('the new-service template never reached the catalogue');
}

async function timeOneTask(url: string, token: string, name: string) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const started = process.hrtime.bigint();
  const created = await fetch(`${url}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      templateRef: 'template:default/new-service',
      values: {
        name,
        description: 'Benchmark service.',
        owner: 'group:default/payments',
        system: 'system:default/checkout',
        language: 'typescript',
        database: 'postgres',
        lifecycle: 'experimental',
        tags: ['payments'],
        pagerdutyServiceId: 'PABC123',
      },
    }),
  });
  if (created.status !== 201)
    throw new Error(`task refused: ${created.status} ${await created.text()}`);
  const { id } = await created.json();
  for (;;) {
    const task = await (
      await fetch(`${url}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    if (task.status === 'completed')
      return Number(process.hrtime.bigint() - started) / 1e9;
    if (task.status === 'failed' || task.status === 'cancelled') {
      const events = await (
        await fetch(`${url}/api/scaffolder/v2/tasks/${id}/events`, { headers })
      ).json();
      throw new Error(
        `task ${task.status}:\n${events
          .map((e: any) => e.body?.message)
          .filter(Boolean)
          .join('\n')}`,
      );
    }
    await sleep(50);
  }
}

/** Seconds from task creation to completion, one per run. */
export async function newServiceTaskSeconds(runs: number): Promise<number[]> {
  const devstack = await startDevstackProcess({ port: 7171, smtpPort: 7126 });
  try {
    const backend = await startBuiltBackend({
      name: 'bench-new-service',
      port: 7191,
      config: {
        integrations: {
          github: [
            {
              host: devstack.host,
              apiBaseUrl: `${devstack.base}/api/v3`,
              rawBaseUrl: devstack.base,
              token: 'devstack-token',
            },
          ],
        },
        backend: { reading: { allow: [{ host: devstack.host }] } },
        runway: {
          github: { host: devstack.host, org: 'acme' },
          slack: {
            token: 'xoxb-devstack',
            apiUrl: `${devstack.base}/slack/api/`,
          },
        },
      },
    });
    try {
      const token = await guestToken(backend.url);
      await waitForTemplate(backend.url, token);
      const stamp = Date.now().toString(36);
      const seconds: number[] = [];
      for (let run = 1; run <= runs; run++)
        seconds.push(
          await timeOneTask(backend.url, token, `bench-${stamp}-${run}`),
        );
      return seconds;
    } finally {
      await backend.stop();
    }
  } finally {
    await devstack.stop();
  }
}
