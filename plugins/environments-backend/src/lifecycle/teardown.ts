import { EnvironmentRecord } from '../database/EnvironmentStore';

/**
 * Removes what an environment runs (namespace, Argo CD applications, DNS records, ...), by GitOps
 * (removing `environments/<name>/` from platform-config) or directly against the cluster.
 *
 * Rules for implementations:
 * - Touch ONLY resources labelled with `environmentLabels` (@runway/plugin-environments-node) for this environment
 *   (`app.kubernetes.io/managed-by: runway` and `runway.dev/environment: <name>`), e.g. by listing
 *   with `environmentLabelSelector`; never delete by name alone.
 * - Be idempotent: a teardown that failed, or whose backend replica died, is run again later.
 * - Throw when resources may remain; the environment then stays `tearing-down` and is retried.
 *
 * The lifecycle records the events and marks the environment destroyed once this resolves.
 */
export interface Teardown {
  teardown(env: EnvironmentRecord): Promise<void>;
}
