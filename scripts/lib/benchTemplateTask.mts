/**
 * A golden path's task duration: the built backend (in-memory SQLite) runs a template against the
 * devstack as the guest, and each run is timed from the POST that creates the task to the moment
 * the API reports it completed (polled every 50 ms).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startBuiltBackend } from './builtBackend.mts';
import { startDevstackProcess } from './devstackProcess.mts';

async function guestToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`);
  if (res.status !== 200) throw new Error(`guest sign-in: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function waitForTemplate(url: string, token: string, template: string) {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(
      `${url}/api/catalog/entities/by-name/template/default/${template}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (res.status === 200) return;
    await sleep(200);
  }
  throw new Error(`the ${template} template never reached the catalogue`);
}

async function timeOneTask(
  url: string,
  token: string,
  template: string,
  values: object,
) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const started = process.hrtime.bigint();
  const created = await fetch(`${url}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      templateRef: `template:default/${template}`,
      values,
    }),
  });
  if (created.status !== 201)
    throw new Error(`task refused: ${created.status} ${await created.text()}`);
  const { id } = await created.json();
  for (;;) {
    const task = await (
      await fetch(`${url}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    if (task.status === 'completed') {
      const total = Number(process.hrtime.bigint() - started) / 1e9;
      return { total, steps: await stepSeconds(url, id, headers) };
    }
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

/** Each step's seconds, from the task's log events ("Beginning step" to "Finished step"). */
async function stepSeconds(
  url: string,
  id: string,
  headers: Record<string, string>,
): Promise<Record<string, number>> {
  const events: Array<{ createdAt: string; body: { message?: string } }> =
    await (
      await fetch(`${url}/api/scaffolder/v2/tasks/${id}/events`, { headers })
    ).json();
  const began = new Map<string, number>();
  const steps: Record<string, number> = {};
  for (const event of events) {
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

export interface TaskTiming {
  /** Seconds from the POST that creates the task to the API reporting it completed. */
  total: number;
  /** Seconds per step, by step name. */
  steps: Record<string, number>;
}

/** The new-service form: TypeScript with PostgreSQL (render, repo, Terraform PR, catalogue, Slack). */
export const newServiceValues = (name: string) => ({
  name,
  description: 'Benchmark service.',
  owner: 'group:default/payments',
  system: 'system:default/checkout',
  language: 'typescript',
  database: 'postgres',
  lifecycle: 'experimental',
  tags: ['payments'],
  pagerdutyServiceId: 'PABC123',
});

/** The ephemeral-environment form: the storefront system (3 services), one on a branch. */
export const environmentValues = (name: string) => ({
  name,
  type: 'feature',
  owner: 'group:default/storefront',
  lifetimeDays: 1,
  system: 'system:default/storefront',
  services: [{ entityRef: 'component:default/cart-service', branch: 'bench' }],
});

/** One timing per run of `template`, each with the form `values(name)` and a fresh name. */
export async function templateTaskTimings(
  template: string,
  runs: number,
  values: (name: string) => object,
): Promise<TaskTiming[]> {
  const devstack = await startDevstackProcess({ port: 7171, smtpPort: 7126 });
  try {
    const backend = await startBuiltBackend({
      name: `bench-${template}`,
      port: 7191,
      config: devstack.backendConfig,
    });
    try {
      const token = await guestToken(backend.url);
      await waitForTemplate(backend.url, token, template);
      const stamp = Date.now().toString(36);
      const timings: TaskTiming[] = [];
      for (let run = 1; run <= runs; run++)
        timings.push(
          await timeOneTask(
            backend.url,
            token,
            template,
            values(`bench-${stamp}-${run}`),
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
