/**
 * GitHub's `deployment_status` webhooks (the events backend's `github.deployment_status` topic) as
 * deployments: only a success counts, in any environment, for any repository of the organisation.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { Deployment, DeploymentStore } from './DeploymentStore';

export const GITHUB_DEPLOYMENT_STATUS_TOPIC = 'github.deployment_status';

type Json = Record<string, any>;

/** The deployment a webhook reports as successful, or undefined for anything else. */
export function deploymentOf(
  payload: Json | undefined,
  org: string | undefined,
): Deployment | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const status = payload.deployment_status ?? {};
  const deployment = payload.deployment ?? {};
  const repository = String(payload.repository?.full_name ?? '').toLowerCase();
  const owner = repository.split('/')[0];
  const environment = String(
    status.environment ?? deployment.environment ?? '',
  ).toLowerCase();
  const at = new Date(String(status.created_at ?? ''));
  const id = Number(deployment.id);
  if (
    status.state !== 'success' ||
    !/^[^/\s]+\/[^/\s]+$/.test(repository) ||
    (org && owner !== org.toLowerCase()) ||
    !environment ||
    !Number.isSafeInteger(id) ||
    Number.isNaN(at.getTime())
  ) {
    return undefined;
  }
  return { repository, deploymentId: id, environment, at };
}

export function createDeploymentHandler(deps: {
  store: DeploymentStore;
  org?: string;
  logger: LoggerService;
}) {
  return async (event: EventParams): Promise<void> => {
    const deployment = deploymentOf(event.eventPayload as Json, deps.org);
    if (!deployment) return;
    if (await deps.store.record(deployment)) {
      deps.logger.info(
        `Deployment ${deployment.repository}#${deployment.deploymentId} to ${
          deployment.environment
        } at ${deployment.at.toISOString()}`,
      );
    }
  };
}
