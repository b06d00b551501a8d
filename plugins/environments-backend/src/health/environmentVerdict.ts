/**
 * What Argo CD says of one provisioning environment, all its Applications together (`rw-env-<env>`
 * and one `rw-<env>-<service>` each): ready when every one is Synced and Healthy, failed as soon as
 * one is Degraded (or its sync failed, or Argo CD cannot compare it), failed when still not Healthy
 * `readyTimeoutMs` after the lease was recorded — and `unknown` when Argo CD did not answer, which
 * changes nothing.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { ArgoCdClient, applicationVerdict } from '@runway/platform-node';
import { environmentApplicationNames } from '@runway/plugin-environments-node';
import { EnvironmentRecord } from '../database/EnvironmentStore';

export type EnvironmentVerdict =
  | { verdict: 'ready'; applications: string[] }
  | { verdict: 'failed'; reason: string; application: string }
  | { verdict: 'waiting'; application: string; status: string }
  | { verdict: 'unknown'; error: string };

export async function environmentVerdict(
  env: Pick<EnvironmentRecord, 'name' | 'services' | 'createdAt'>,
  options: {
    argocd: Pick<ArgoCdClient, 'getApplication'>;
    now: Date;
    readyTimeoutMs: number;
  },
): Promise<EnvironmentVerdict> {
  const applications = environmentApplicationNames(
    env.name,
    env.services.map(service => parseEntityRef(service.entityRef).name),
  );
  let waiting: { application: string; status: string } | undefined;
  for (const application of applications) {
    let lookup;
    try {
      lookup = await options.argocd.getApplication(application);
    } catch (error) {
      return { verdict: 'unknown', error: (error as Error).message };
    }
    const verdict = applicationVerdict(
      lookup.found ? lookup.application : undefined,
    );
    if (verdict.verdict === 'failed') {
      return {
        verdict: 'failed',
        application,
        reason: `${application}: ${verdict.reason}`,
      };
    }
    if (verdict.verdict === 'waiting') {
      waiting ??= { application, status: verdict.status };
    }
  }
  if (!waiting) return { verdict: 'ready', applications };
  const waitedMs = options.now.getTime() - env.createdAt.getTime();
  if (waitedMs >= options.readyTimeoutMs) {
    return {
      verdict: 'failed',
      application: waiting.application,
      reason: `not healthy after ${minutes(options.readyTimeoutMs)}: ${
        waiting.application
      } ${waiting.status}`,
    };
  }
  return { verdict: 'waiting', ...waiting };
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1
    ? `${m} minute${m === 1 ? '' : 's'}`
    : `${Math.round(ms / 1000)} seconds`;
}
