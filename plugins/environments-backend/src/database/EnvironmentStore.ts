import {
  EnvironmentEvent,
  EnvironmentEventType,
  EnvironmentQuota,
  EnvironmentRates,
  EnvironmentService,
  EnvironmentState,
  EnvironmentType,
} from '@runway/plugin-environments-common';
import type { TeardownTarget } from '@runway/plugin-environments-node';

/**
 * Why a lease was torn down: the delivery's reasons (one list), but `orphan`, which no lease has.
 * `provisioning`: the lease stayed provisioning too long (its delivery never finished).
 */
export type TeardownReason = Exclude<
  NonNullable<TeardownTarget['teardownReason']>,
  'orphan'
>;

/** The pull request comment an environment's health verdict calls for. */
export type PullRequestCommentKind = 'ready' | 'failed';

/** An expiry warning (`warned_at`) or an idle-teardown warning (`idle_warned_at`). */
export type WarningKind = 'expiry' | 'idle';

/** An environment as the backend holds it (the API sends {@link EnvironmentView}). */
export interface EnvironmentRecord {
  id: string;
  name: string;
  type: EnvironmentType;
  /** Charged for it; owns it, but for a sandbox. */
  ownerTeam: string;
  /** A sandbox's engineer (User entity ref), who owns it; absent for the other types. */
  ownerUser?: string;
  requestedBy: string;
  services: EnvironmentService[];
  urls: Record<string, string>;
  state: EnvironmentState;
  createdAt: Date;
  /** Absent for a sandbox: never warned, never torn down for expiry or idleness. */
  expiresAt?: Date;
  lastActivityAt: Date;
  warnedAt?: Date;
  /** When the owners were warned of an idle teardown (re-armed by later activity). */
  idleWarnedAt?: Date;
  teardownStartedAt?: Date;
  teardownReason?: TeardownReason;
  tornDownAt?: Date;
  quota: EnvironmentQuota;
  rates: EnvironmentRates;
  /** Active only once Argo CD reports its Applications Healthy (the health watcher decides). */
  readyWhenHealthy: boolean;
  /** The engineer's pull request, commented on when the health watcher decides. */
  pullRequestUrl?: string;
  /** The comment still to be posted on `pullRequestUrl`, until someone claims it. */
  pullRequestCommentDue?: PullRequestCommentKind;
  /** Why it is `failed`. */
  failureReason?: string;
}

export type NewEnvironment = Pick<
  EnvironmentRecord,
  | 'name'
  | 'type'
  | 'ownerTeam'
  | 'ownerUser'
  | 'requestedBy'
  | 'services'
  | 'urls'
  | 'createdAt'
  | 'expiresAt'
  | 'quota'
  | 'rates'
  | 'pullRequestUrl'
> & {
  readyWhenHealthy?: boolean;
  /** Default active; provisioning until its manifests are delivered ({@link EnvironmentStore.markReady}). */
  state?: 'provisioning' | 'active';
};

export interface NewEnvironmentEvent {
  environmentId: string;
  environmentName: string;
  at: Date;
  type: EnvironmentEventType;
  actor?: string;
  details?: Record<string, unknown>;
}

export interface EnvironmentQuery {
  /** Those this person asked for or, for a sandbox, owns. */
  requestedBy?: string;
  ownerTeams?: string[];
  type?: EnvironmentType;
  /** A sandbox's engineer. */
  ownerUser?: string;
  includeDestroyed?: boolean;
}

/**
 * The environments' tables. Every state change that the lifecycle job and the API can race on is
 * one conditional UPDATE ("claim"), so of two backend replicas exactly one wins.
 */
export interface EnvironmentStore {
  /**
   * Undefined when an environment that is not destroyed already has this name (or, for a
   * sandbox, its engineer already has one). `eventsOf` gives the events recorded with it, in the
   * same transaction.
   */
  insert(
    env: NewEnvironment,
    eventsOf?: (record: EnvironmentRecord) => NewEnvironmentEvent[],
  ): Promise<EnvironmentRecord | undefined>;
  /** The live environment of that name, else the most recent destroyed one. */
  getByName(name: string): Promise<EnvironmentRecord | undefined>;
  /** The engineer's sandbox that is not destroyed, if any (one at most). */
  liveSandboxOf(ownerUser: string): Promise<EnvironmentRecord | undefined>;
  list(query: EnvironmentQuery): Promise<EnvironmentRecord[]>;
  /** Environments not yet torn down, for matching incoming activity. */
  listLive(): Promise<EnvironmentRecord[]>;
  /** Environments that ran at some time in [from, to), optionally of one team. */
  listRunningBetween(
    from: Date,
    to: Date,
    ownerTeam?: string,
  ): Promise<EnvironmentRecord[]>;

  /**
   * Moves the expiry of a live environment whose expiry is still `previous` (so two concurrent
   * extensions cannot both count from the same expiry) and re-arms its warning. One without an
   * expiry (a sandbox) is never extended.
   */
  extend(
    id: string,
    previous: Date,
    expiresAt: Date,
  ): Promise<EnvironmentRecord | undefined>;
  /** Records activity at `at` on those that are live; returns how many. */
  touch(ids: string[], at: Date): Promise<number>;

  /**
   * Claims live environments expiring before `warnBefore` (or already expired) that were not
   * warned yet, marking `warned_at`; they become `expiring` only when {@link recordWarnings}
   * records a delivered warning.
   */
  claimWarnings(options: {
    now: Date;
    warnBefore: Date;
    limit: number;
    /** Claims made before this that recorded no warning are taken again (their sweep died). */
    abandonedBefore?: Date;
  }): Promise<EnvironmentRecord[]>;
  /**
   * Claims the feature environments idle since `idleSince` whose owners have not been warned
   * since their last activity, marking them warned at `now`.
   */
  claimIdleWarnings(options: {
    now: Date;
    idleSince: Date;
    limit: number;
    /** As for {@link EnvironmentStore.claimWarnings}. */
    abandonedBefore?: Date;
  }): Promise<EnvironmentRecord[]>;
  /**
   * Claims (marks tearing-down) live environments past expiry, or feature ones idle since
   * `idleBefore`, whose owners got that warning (its `warned` event recorded) no later than
   * `warnedBefore` (expiry) or `idleWarnedBefore` (idle).
   */
  claimWarnedTeardowns(options: {
    now: Date;
    idleBefore: Date;
    warnedBefore: Date;
    idleWarnedBefore: Date;
    limit: number;
  }): Promise<EnvironmentRecord[]>;
  /**
   * Records warnings that reached the owners, claimed at `claimedAt`: in one transaction an expiry
   * warning's environment becomes `expiring` and each gets its `warned` event.
   */
  recordWarnings(
    kind: WarningKind,
    claimedAt: Date,
    events: NewEnvironmentEvent[],
  ): Promise<void>;
  /** Releases warning claims made at `claimedAt` that reached nobody, so a later sweep retries them. */
  releaseWarnings(
    kind: WarningKind,
    claimedAt: Date,
    ids: string[],
  ): Promise<void>;
  /**
   * Provisioning → active, with its `ready` event in the same transaction; undefined when the
   * environment is not provisioning (any more). One with a pull request gets its `ready` comment due.
   */
  markReady(
    id: string,
    event: NewEnvironmentEvent,
  ): Promise<EnvironmentRecord | undefined>;
  /**
   * Provisioning → failed with `reason`, with its `failed` event in the same transaction (and its
   * `failed` comment due); undefined when it is not provisioning any more, so a verdict arriving
   * late never changes a decided environment.
   */
  markFailed(
    id: string,
    reason: string,
    event: NewEnvironmentEvent,
  ): Promise<EnvironmentRecord | undefined>;
  /** Provisioning environments whose readiness the health watcher decides, oldest first. */
  listAwaitingHealth(limit: number): Promise<EnvironmentRecord[]>;
  /** Live environments with a pull request comment still due. */
  listCommentsDue(limit: number): Promise<EnvironmentRecord[]>;
  /** Takes the due comment: true for exactly one caller, who then posts it. */
  claimComment(id: string, kind: PullRequestCommentKind): Promise<boolean>;
  /** Gives back a claimed comment that could not be posted, for a later pass. */
  releaseComment(id: string, kind: PullRequestCommentKind): Promise<void>;
  /**
   * Claims (marks tearing-down, reason `provisioning`) environments still provisioning that were
   * created before `createdBefore`, recording `eventsOf` each in the same transaction.
   */
  claimAbandonedProvisioning(options: {
    now: Date;
    createdBefore: Date;
    limit: number;
    eventsOf: (env: EnvironmentRecord) => NewEnvironmentEvent[];
  }): Promise<EnvironmentRecord[]>;
  /** Claims again teardowns that started before `startedBefore` and never finished. */
  reclaimStalledTeardowns(options: {
    now: Date;
    startedBefore: Date;
    limit: number;
  }): Promise<EnvironmentRecord[]>;
  /** Claims one live environment for a teardown someone asked for. */
  claimTeardown(id: string, now: Date): Promise<EnvironmentRecord | undefined>;
  /**
   * Marks the environments destroyed and records the teardowns' events (destroyed or failed) in
   * one transaction: nobody ever sees a destroyed environment without its event, or the reverse.
   */
  recordTeardowns(
    destroyedIds: string[],
    at: Date,
    events: NewEnvironmentEvent[],
  ): Promise<void>;

  addEvents(events: NewEnvironmentEvent[]): Promise<void>;
  events(environmentId: string): Promise<EnvironmentEvent[]>;
}

/** A history entry for `env`. */
export function environmentEvent(
  env: Pick<EnvironmentRecord, 'id' | 'name'>,
  type: NewEnvironmentEvent['type'],
  at: Date,
  actor?: string,
  details?: Record<string, unknown>,
): NewEnvironmentEvent {
  return {
    environmentId: env.id,
    environmentName: env.name,
    at,
    type,
    actor,
    details,
  };
}
