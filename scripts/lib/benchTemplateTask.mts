/**
 * A golden path's task duration: the built backend (in-memory SQLite) runs a template against the
 * devstack as the guest, and each run is timed from the POST that creates the task to the moment
 * the API reports it completed (polled every 50 ms).
 */
import { startBuiltBackend } from './builtBackend.mts';
import { startDevstackProcess } from './devstackProcess.mts';
import {
  guestToken,
  runTemplate,
  stepSeconds,
  waitForEntity,
} from './runwayApi.mts';

async function timeOneTask(
  url: string,
  token: string,
  template: string,
  values: object,
) {
  const started = process.hrtime.bigint();
  const id = await runTemplate(
    url,
    token,
    `template:default/${template}`,
    values,
    {
      pollMs: 50,
    },
  );
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    total,
    steps: await stepSeconds(url, id, { Authorization: `Bearer ${token}` }),
  };
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
  // The guest's team: a new service is made only for one of the person's teams.
  owner: 'group:default/storefront',
  system: 'system:default/storefront',
  language: 'typescript',
  database: 'postgres',
  lifecycle: 'experimental',
  tags: ['storefront'],
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

/** The demo entities the forms name, which the catalogue must hold before a run. */
export const demoEntities = [
  'group/default/storefront',
  'system/default/storefront',
  'component/default/cart-service',
];

/** One timing per run of `template`, each with the form `values(name)` and a fresh name. */
export async function templateTaskTimings(
  template: string,
  runs: number,
  values: (name: string) => object,
  /** Entities (`kind/namespace/name`) the form's values refer to, waited for like the template. */
  needs: string[] = [],
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
      for (const entity of [`template/default/${template}`, ...needs])
        await waitForEntity(backend.url, token, entity);
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
