import { LoggerService } from '@backstage/backend-plugin-api';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/** Labels every resource Runway creates for an environment carries. */
export const environmentLabels = (name: string) => ({
  'app.kubernetes.io/managed-by': 'runway',
  'runway.dev/environment': name,
});

/** Kubernetes label selector of exactly the resources of one environment. */
export const environmentLabelSelector = (name: string) =>
  Object.entries(environmentLabels(name))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/**
 * Removes what an environment runs (namespace, Argo CD applications, DNS records, ...), by GitOps
 * (removing `environments/<name>/` from platform-config) or directly against the cluster.
 *
 * Rules for implementations:
 * - Touch ONLY resources labelled with {@link environmentLabels} for this environment
 *   (`app.kubernetes.io/managed-by: runway` and `runway.dev/environment: <name>`), e.g. by listing
 *   with {@link environmentLabelSelector}; never delete by name alone.
 * - Be idempotent: a teardown that failed, or whose backend replica died, is run again later.
 * - Throw when resources may remain; the environment then stays `tearing-down` and is retried.
 *
 * The lifecycle records the events and marks the environment destroyed once this resolves.
 */
export interface Teardown {
  teardown(env: EnvironmentRecord): Promise<void>;
}

/**
 * The default until the GitOps/direct teardown is plugged in (environmentsTeardownExtensionPoint):
 * removes nothing, says so in the log, and lets the lifecycle record the teardown.
 */
export class RecordOnlyTeardown implements Teardown {
  constructor(private readonly logger: LoggerService) {}

  async teardown(env: EnvironmentRecord): Promise<void> {
    this.logger.info(
      `Environment ${
        env.name
      }: no teardown is installed, so no resources were removed (selector ${environmentLabelSelector(
        env.name,
      )}).`,
    );
  }
}
