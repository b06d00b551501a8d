/**
 * What the environments API sends and receives. Timestamps are ISO 8601 strings on the wire.
 */

/**
 * `feature`, `staging` and `performance` are ephemeral: they run services, have a lease that
 * expires, and are made from the Ephemeral environment form. A `sandbox` is one engineer's own
 * namespace: no services, no expiry, made by onboarding and torn down by offboarding.
 */
export const ENVIRONMENT_TYPES = [
  'feature',
  'staging',
  'performance',
  'sandbox',
] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

/** The types `environment:create` and the Ephemeral environment form offer. */
export const EPHEMERAL_ENVIRONMENT_TYPES = [
  'feature',
  'staging',
  'performance',
] as const satisfies readonly EnvironmentType[];
export type EphemeralEnvironmentType =
  (typeof EPHEMERAL_ENVIRONMENT_TYPES)[number];

/** One engineer's own environment: no expiry, a small quota, owned by the person. */
export const SANDBOX_TYPE = 'sandbox' satisfies EnvironmentType;

/** Whether environments of `type` have an expiry (every type but `sandbox`). */
export const hasExpiry = (type: EnvironmentType) => type !== SANDBOX_TYPE;

/**
 * provisioning → active | failed → expiring (warned) → tearing-down → destroyed. A lease is
 * recorded as provisioning before its manifests are delivered and becomes active once they are —
 * or, with Argo CD configured, once all its Applications report Synced and Healthy; `failed` when
 * one is Degraded or not Healthy in time (the reason is kept). A failed environment still holds
 * resources: it expires and is torn down like the others, and never becomes active again. One left
 * provisioning for an hour is torn down. An extension brings an expiring environment back to
 * active; destroyed is final.
 */
export const ENVIRONMENT_STATES = [
  'provisioning',
  'active',
  'failed',
  'expiring',
  'tearing-down',
  'destroyed',
] as const;
export type EnvironmentState = (typeof ENVIRONMENT_STATES)[number];

/** States in which an environment holds resources and can still be extended or torn down. */
export const LIVE_ENVIRONMENT_STATES: readonly EnvironmentState[] = [
  'provisioning',
  'active',
  'failed',
  'expiring',
];

/** One catalog service deployed into the environment, from a branch of its repository. */
export interface EnvironmentService {
  /** Catalog entity ref, e.g. `component:default/checkout-api`. */
  entityRef: string;
  branch: string;
}

/** What an environment may use, from `runway.environments.types.<type>.quota`. */
export interface EnvironmentQuota {
  cpuCores: number;
  memoryGiB: number;
}

/** Prices per hour, from `runway.environments.rates`, fixed on the environment when it is created. */
export interface EnvironmentRates {
  cpuHour: number;
  memoryGiBHour: number;
}

export interface Environment {
  /** DNS label, unique among environments that are not destroyed. */
  name: string;
  type: EnvironmentType;
  /**
   * Group entity ref of the team that owns it: its members may change it, and it is charged for
   * it. A sandbox's team is the engineer's: charged for it, but the engineer alone owns it.
   */
  ownerTeam: string;
  /** A sandbox's engineer (User entity ref), who owns it; absent for the other types. */
  ownerUser?: string;
  /** User entity ref of the person who asked for it. */
  requestedBy: string;
  services: EnvironmentService[];
  state: EnvironmentState;
  createdAt: string;
  /** When Runway tears it down; absent for a sandbox, which has no expiry. */
  expiresAt?: string;
  lastActivityAt: string;
  warnedAt?: string;
  tornDownAt?: string;
  /** Why it is `failed`: Argo CD's message, or the Application that was not healthy in time. */
  failureReason?: string;
  /** The engineer's pull request, commented on when the environment is ready or has failed. */
  pullRequestUrl?: string;
  /** Service name → URL (ingress hosts under the environment's domain). */
  urls: Record<string, string>;
  quota: EnvironmentQuota;
  rates: EnvironmentRates;
}

/** An environment as `GET /environments` and `GET /environments/:name` return it. */
export interface EnvironmentView extends Environment {
  currency: string;
  /** Cost from creation until now (or until teardown). */
  costSoFar: number;
  /**
   * Cost from creation until the current expiry (or until teardown). Without an expiry (a
   * sandbox): until the end of the current calendar month (UTC), what this month's bill will show.
   */
  projectedCost: number;
  /** Latest expiry an extension can reach: creation + the maximum lifetime; absent without expiry. */
  maxExpiresAt?: string;
}

export const ENVIRONMENT_EVENT_TYPES = [
  'created',
  'extended',
  'activity',
  'warned',
  /** Its manifests were delivered (with Argo CD: all its Applications Healthy): provisioning → active. */
  'ready',
  /** An Application was Degraded, its sync failed, or it was not Healthy in time: provisioning → failed. */
  'failed',
  /** Left provisioning too long (its delivery never finished): torn down. */
  'provisioning-abandoned',
  'teardown-failed',
  'destroyed',
] as const;
export type EnvironmentEventType = (typeof ENVIRONMENT_EVENT_TYPES)[number];

export interface EnvironmentEvent {
  environment: string;
  at: string;
  type: EnvironmentEventType;
  /** User or service that caused it; absent for the lifecycle job. */
  actor?: string;
  details: Record<string, unknown>;
}

/** `POST /environments`: the lease the provisioning action records. */
export interface CreateEnvironmentRequest {
  name: string;
  type: EnvironmentType;
  ownerTeam: string;
  /** A sandbox's engineer (User entity ref); required for a sandbox, refused for other types. */
  ownerUser?: string;
  /** 1 to 50 services; none for a sandbox. */
  services: EnvironmentService[];
  /**
   * Default `runway.environments.defaultLifetimeDays` (7), at most `maxLifetimeDays` (30). A
   * sandbox has no expiry: refused for it.
   */
  lifetimeDays?: number;
  /**
   * The exact expiry, when the caller already wrote it into manifests: after now and at most
   * `lifetimeDays` ahead. Default now + lifetimeDays. Refused for a sandbox.
   */
  expiresAt?: string;
  urls?: Record<string, string>;
  /** Only for service callers (the scaffolder); a signed-in user is the requester themselves. */
  requestedBy?: string;
  /**
   * Record the lease as `provisioning`, before anything is delivered; `POST
   * /environments/:name/ready` makes it `active` once the manifests are. Default false (active).
   */
  provisioning?: boolean;
  /**
   * With `provisioning`: the lease becomes active only when Argo CD reports every Application of
   * the environment Synced and Healthy (the environments plugin watches it), `failed` otherwise;
   * `POST /environments/:name/ready` is then not called. Default false.
   */
  readyWhenHealthy?: boolean;
  /**
   * With `readyWhenHealthy`: the engineer's pull request (`https://<host>/<owner>/<repo>/pull/<n>`),
   * commented on once the environment is ready or has failed.
   */
  pullRequestUrl?: string;
}

/** `GET /cost?team=&month=`: cost of each team's environments over one calendar month (UTC). */
export interface MonthlyCostReport {
  month: string;
  currency: string;
  teams: Array<{
    team: string;
    total: number;
    /**
     * What the team's environments torn down early in this month (idle, or destroyed on request)
     * would have cost from their teardown until the expiry they had then: the saving of teardown.
     */
    avoided: number;
    environments: Array<{
      name: string;
      type: EnvironmentType;
      hours: number;
      cost: number;
      /** Set when the environment was torn down early in this month: see `avoided`. */
      avoided?: number;
    }>;
  }>;
}
