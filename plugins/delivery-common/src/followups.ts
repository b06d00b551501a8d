/**
 * A provisioning follow-up: what happens to a golden path's Terraform pull request after the
 * scaffolder task ends, until it is applied (docs/provisioning.md).
 */

/**
 * - `pr-open`: the pull request waits for review and `atlantis apply`;
 * - `apply-failed`: Atlantis reported a failed apply; the requester was told what to do;
 * - `merged`: merged, but no apply was seen (yet: Atlantis merges after applying, and the
 *   merge's webhook may arrive first);
 * - `applied`: Atlantis applied it; the requester was told and the entity annotated;
 * - `closed`: closed without being merged or applied.
 */
export const FOLLOWUP_STATES = [
  'pr-open',
  'apply-failed',
  'merged',
  'applied',
  'closed',
] as const;
export type FollowupState = (typeof FOLLOWUP_STATES)[number];

/** States that still wait for an apply (reminders go out for these). */
export const UNAPPLIED_FOLLOWUP_STATES: FollowupState[] = [
  'pr-open',
  'apply-failed',
  'merged',
];

/**
 * The states a follow-up may move to `state` from: states only move forward, so an event that
 * arrives late or twice finds the follow-up past it and changes nothing.
 */
export const FOLLOWUP_PREDECESSORS: Record<FollowupState, FollowupState[]> = {
  'pr-open': [],
  'apply-failed': ['pr-open'],
  merged: ['pr-open', 'apply-failed'],
  applied: ['pr-open', 'apply-failed', 'merged'],
  closed: ['pr-open', 'apply-failed'],
};

/** When Terraform for the Component was applied (ISO 8601), set by the delivery catalogue module. */
export const PROVISIONED_AT_ANNOTATION = 'runway.dev/provisioned-at';
/** The Terraform pull request that provisioned the Component (its URL). */
export const TERRAFORM_PULL_REQUEST_ANNOTATION =
  'runway.dev/terraform-pull-request';

/** A follow-up as the read API answers it. */
export interface FollowupView {
  id: string;
  service: string;
  entityRef: string;
  /** The service's repository, as the golden path published it. */
  repositoryUrl: string;
  /** `owner/repo` of the repository that holds the Terraform (platform-config). */
  platformConfigRepo: string;
  pullRequest: { number: number; url: string };
  requester: string;
  ownerTeam: string;
  taskId: string;
  state: FollowupState;
  createdAt: string;
  mergedAt?: string;
  appliedAt?: string;
  applyFailedAt?: string;
  applyFailure?: string;
  closedAt?: string;
  requesterNotifiedAt?: string;
  lastRemindedAt?: string;
}

/** What the golden path's `provisioning:followup:create` step records. */
export interface NewFollowupRequest {
  service: string;
  entityRef: string;
  repositoryUrl: string;
  platformConfigRepo: string;
  pullRequestNumber: number;
  pullRequestUrl: string;
  /** The pull request's branch, which webhooks of its commits name. */
  branch?: string;
  requester: string;
  ownerTeam: string;
  taskId: string;
}
