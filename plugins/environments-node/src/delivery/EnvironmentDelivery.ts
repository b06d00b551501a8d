/**
 * How an environment reaches its cluster and leaves it again. One implementation per delivery
 * mode, chosen once from `runway.environments.delivery` (createEnvironmentDelivery) and shared by
 * the `environment:create` action (deliver) and the environments plugin (teardown).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Checkpoint } from '@runway/github-node';
import { RenderedEnvironment } from '../manifests';

export interface DeliveryRequest {
  name: string;
  rendered: Pick<RenderedEnvironment, 'files' | 'manifests'>;
  /** One line: what, for whom, asked by whom; the commit message and the pull request's first line. */
  summary: string;
  /**
   * When Runway tears it down (ISO 8601), for the pull request's description; absent for a
   * sandbox, which lives until its engineer is offboarded.
   */
  expiresAt?: string;
}

// A type, not an interface: it is a scaffolder checkpoint's JSON value.
export type Delivered = {
  /** Where the manifests went: a commit, a pull request or the cluster. */
  description: string;
  url?: string;
};

export interface DeliverOptions {
  /** The task's logger; default the delivery's own. */
  logger?: LoggerService;
  /** The scaffolder's checkpoint, so a retried task repeats no write. */
  checkpoint?: Checkpoint;
}

/** The environment a teardown removes. */
export interface TeardownTarget {
  name: string;
  /**
   * Why: said in what the teardown leaves behind (a closed pull request's comment);
   * `provisioning`: its delivery never finished; `orphan`: its folder had no live lease.
   */
  teardownReason?: 'expired' | 'idle' | 'requested' | 'provisioning' | 'orphan';
  /**
   * Fires when the caller stops waiting (the teardown's deadline): the teardown then starts no
   * further write and fails, leaving the environment to be retried.
   */
  signal?: AbortSignal;
}

/**
 * Removes what an environment runs (namespace, Argo CD applications, DNS records, ...).
 *
 * Rules for implementations:
 * - Touch ONLY resources labelled with `environmentLabels` for this environment
 *   (`app.kubernetes.io/managed-by: runway` and `runway.dev/environment: <name>`), e.g. by listing
 *   with `environmentLabelSelector`; never delete by name alone, and never an Argo CD Application
 *   whose name lacks `RUNWAY_APPLICATION_PREFIX` (`isEnvironmentResource` checks both): deleting
 *   one prunes all it deployed, and labels can be copied onto anyone's.
 * - Be idempotent: a teardown that failed, or whose backend replica died, is run again later.
 * - Throw when resources may remain; the environment then stays `tearing-down` and is retried.
 */
export interface EnvironmentTeardown {
  teardown(target: TeardownTarget): Promise<void>;
  /**
   * The names of the environments delivered where this delivery puts them (GitOps: the folders
   * `environments/<name>/` on the default branch), so that one no lease tracks can be found and
   * torn down. Optional: a delivery that cannot list them (direct) leaves orphans undetected.
   */
  listDelivered?(): Promise<string[]>;
}

export interface EnvironmentDelivery extends EnvironmentTeardown {
  /** Idempotent: the same request again finds what the first made. */
  deliver(
    request: DeliveryRequest,
    options?: DeliverOptions,
  ): Promise<Delivered>;
}
