import {
  FollowupState,
  NewFollowupRequest,
} from '@runway/plugin-delivery-common';

/** A follow-up as the plugin works with it. */
export interface FollowupRecord {
  id: string;
  service: string;
  entityRef: string;
  repositoryUrl: string;
  /** `owner/repo`, lower-case. */
  platformConfigRepo: string;
  prNumber: number;
  prUrl: string;
  branch?: string;
  headSha?: string;
  requester: string;
  ownerTeam: string;
  taskId: string;
  state: FollowupState;
  createdAt: Date;
  updatedAt: Date;
  mergedAt?: Date;
  appliedAt?: Date;
  applyFailedAt?: Date;
  applyFailure?: string;
  closedAt?: Date;
  notifiedAt?: Date;
  lastRemindedAt?: Date;
  reminders: number;
}

export type FollowupEventType =
  | 'recorded'
  | 'merged'
  | 'applied'
  | 'apply-failed'
  | 'closed'
  | 'notified'
  | 'reminded';

export interface FollowupEvent {
  at: Date;
  type: FollowupEventType;
  deliveryId?: string;
  details: Record<string, unknown>;
}

/** What a webhook says happened to a follow-up's pull request. */
export type Happening =
  | { kind: 'merged'; at: Date; headSha?: string }
  | { kind: 'closed'; at: Date }
  | { kind: 'applied'; at: Date; source: string }
  | { kind: 'apply-failed'; at: Date; source: string; reason: string };

/**
 * What applying a happening did: `replay` (this delivery was applied before: nothing changed),
 * `moved` (the state moved forward from `from`), or `recorded` (a fact such as the merge time was
 * noted but the state was already past it, or nothing at all was new).
 */
export type Outcome =
  | { result: 'replay'; followup: FollowupRecord }
  | { result: 'moved'; from: FollowupState; followup: FollowupRecord }
  | { result: 'recorded'; followup: FollowupRecord };

export interface FollowupQuery {
  state?: FollowupState;
  entityRef?: string;
}

export interface FollowupStore {
  /** Records a follow-up; the existing one when its pull request has one already. */
  record(
    request: NewFollowupRequest,
    now: Date,
  ): Promise<{ followup: FollowupRecord; created: boolean }>;
  get(id: string): Promise<FollowupRecord | undefined>;
  list(query?: FollowupQuery): Promise<FollowupRecord[]>;
  byPullRequest(
    platformConfigRepo: string,
    prNumber: number,
  ): Promise<FollowupRecord | undefined>;
  /** Follow-ups in `platformConfigRepo` whose head commit or branch is one of these. */
  byCommit(
    platformConfigRepo: string,
    sha: string,
    branches: string[],
  ): Promise<FollowupRecord[]>;
  /** Notes the pull request's newest head commit (status webhooks name commits, not PRs). */
  setHeadSha(id: string, sha: string): Promise<void>;
  /**
   * Applies what a webhook says, once per delivery id: the state (only forward) and the fact's
   * time, the delivery id and an event, in one transaction.
   */
  apply(
    id: string,
    happening: Happening,
    deliveryId: string | undefined,
    now: Date,
  ): Promise<Outcome>;
  /** Claims the requester's "applied" message: true for exactly one caller per follow-up. */
  claimNotification(id: string, now: Date): Promise<boolean>;
  /** Gives the claim back when the message reached nobody, so a later sweep tries again. */
  releaseNotification(id: string): Promise<void>;
  /** Applied follow-ups whose requester has not been told (a failed message, a restart). */
  listUnnotified(): Promise<FollowupRecord[]>;
  /** Unapplied follow-ups opened before `openedBefore` and not reminded since `remindedBefore`. */
  listDueReminders(
    openedBefore: Date,
    remindedBefore: Date,
  ): Promise<FollowupRecord[]>;
  /**
   * Claims today's reminder: true for exactly one caller, and only while the follow-up is still
   * unapplied and was not reminded since `remindedBefore`.
   */
  claimReminder(
    id: string,
    remindedBefore: Date,
    now: Date,
  ): Promise<number | undefined>;
  addEvent(id: string, event: FollowupEvent): Promise<void>;
  events(id: string): Promise<FollowupEvent[]>;
}
