/**
 * Rows of the `followups` and `followup_events` tables and their mapping. SQLite hands timestamps
 * back as epoch milliseconds, PostgreSQL as Date: both go through `date()`.
 */
import {
  FollowupState,
  NewFollowupRequest,
} from '@runway/plugin-delivery-common';
import {
  FollowupEvent,
  FollowupEventType,
  FollowupRecord,
} from './FollowupStore';

export type Timestamp = Date | number | string;

export interface FollowupRow {
  id: string;
  service: string;
  entity_ref: string;
  repository_url: string;
  platform_config_repo: string;
  pr_number: number;
  pr_url: string;
  branch: string | null;
  head_sha: string | null;
  requester: string;
  owner_team: string;
  task_id: string;
  state: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  merged_at: Timestamp | null;
  applied_at: Timestamp | null;
  apply_failed_at: Timestamp | null;
  apply_failure: string | null;
  closed_at: Timestamp | null;
  notified_at: Timestamp | null;
  last_reminded_at: Timestamp | null;
  reminders: number;
}

export interface FollowupEventRow {
  id?: number;
  followup_id: string;
  at: Timestamp;
  type: string;
  delivery_id: string | null;
  details: string;
}

export const date = (value: Timestamp) =>
  new Date(typeof value === 'string' && /^\d+$/.test(value) ? +value : value);
const optionalDate = (value: Timestamp | null) =>
  value === null || value === undefined ? undefined : date(value);

const lower = (value: string) => value.toLocaleLowerCase('en-US');

export function toRecord(row: FollowupRow): FollowupRecord {
  return {
    id: row.id,
    service: row.service,
    entityRef: row.entity_ref,
    repositoryUrl: row.repository_url,
    platformConfigRepo: row.platform_config_repo,
    prNumber: Number(row.pr_number),
    prUrl: row.pr_url,
    branch: row.branch ?? undefined,
    headSha: row.head_sha ?? undefined,
    requester: row.requester,
    ownerTeam: row.owner_team,
    taskId: row.task_id,
    state: row.state as FollowupState,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    mergedAt: optionalDate(row.merged_at),
    appliedAt: optionalDate(row.applied_at),
    applyFailedAt: optionalDate(row.apply_failed_at),
    applyFailure: row.apply_failure ?? undefined,
    closedAt: optionalDate(row.closed_at),
    notifiedAt: optionalDate(row.notified_at),
    lastRemindedAt: optionalDate(row.last_reminded_at),
    reminders: Number(row.reminders),
  };
}

/** Refs and the repository are stored lower-case: webhooks and claims spell them as they like. */
export function toRow(
  id: string,
  request: NewFollowupRequest,
  now: Date,
): FollowupRow {
  return {
    id,
    service: request.service,
    entity_ref: lower(request.entityRef),
    repository_url: request.repositoryUrl,
    platform_config_repo: lower(request.platformConfigRepo),
    pr_number: request.pullRequestNumber,
    pr_url: request.pullRequestUrl,
    branch: request.branch ?? null,
    head_sha: null,
    requester: lower(request.requester),
    owner_team: lower(request.ownerTeam),
    task_id: request.taskId,
    state: 'pr-open',
    created_at: now,
    updated_at: now,
    merged_at: null,
    applied_at: null,
    apply_failed_at: null,
    apply_failure: null,
    closed_at: null,
    notified_at: null,
    last_reminded_at: null,
    reminders: 0,
  };
}

export function toEventRow(
  followupId: string,
  event: FollowupEvent,
): FollowupEventRow {
  return {
    followup_id: followupId,
    at: event.at,
    type: event.type,
    delivery_id: event.deliveryId ?? null,
    details: JSON.stringify(event.details),
  };
}

export function toEvent(row: FollowupEventRow): FollowupEvent {
  return {
    at: date(row.at),
    type: row.type as FollowupEventType,
    ...(row.delivery_id && { deliveryId: row.delivery_id }),
    details: JSON.parse(row.details),
  };
}
