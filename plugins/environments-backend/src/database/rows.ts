/**
 * Rows of the `environments` and `environment_events` tables and their mapping. SQLite hands
 * timestamps back as epoch milliseconds, PostgreSQL as Date: both go through `date()`.
 */
import {
  EnvironmentEvent,
  EnvironmentEventType,
} from '@runway/plugin-environments-common';
import {
  EnvironmentRecord,
  NewEnvironment,
  NewEnvironmentEvent,
  PullRequestCommentKind,
  TeardownReason,
} from './EnvironmentStore';

export type Timestamp = Date | number | string;

export interface EnvironmentRow {
  id: string;
  name: string;
  type: string;
  owner_team: string;
  /** A sandbox's engineer; null for the other types. */
  owner_user: string | null;
  requested_by: string;
  services: string;
  urls: string;
  state: string;
  created_at: Timestamp;
  /** Null for a sandbox: no expiry. */
  expires_at: Timestamp | null;
  last_activity_at: Timestamp;
  warned_at: Timestamp | null;
  idle_warned_at: Timestamp | null;
  teardown_started_at: Timestamp | null;
  teardown_reason: string | null;
  torn_down_at: Timestamp | null;
  cpu_cores: number;
  memory_gib: number;
  cpu_hour_rate: number;
  memory_gib_hour_rate: number;
  /** SQLite answers 0/1. */
  ready_when_healthy: boolean | number;
  pull_request_url: string | null;
  /** `ready` or `failed` while that pull request comment is still to be posted. */
  pr_comment_due: string | null;
  failure_reason: string | null;
}

export interface EventRow {
  id?: number;
  environment_id: string;
  environment_name: string;
  at: Timestamp;
  type: string;
  actor: string | null;
  details: string;
}

const date = (value: Timestamp) =>
  new Date(typeof value === 'string' && /^\d+$/.test(value) ? +value : value);
const optionalDate = (value: Timestamp | null) =>
  value === null || value === undefined ? undefined : date(value);

export function toRecord(row: EnvironmentRow): EnvironmentRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type as EnvironmentRecord['type'],
    ownerTeam: row.owner_team,
    ownerUser: row.owner_user ?? undefined,
    requestedBy: row.requested_by,
    services: JSON.parse(row.services),
    urls: JSON.parse(row.urls),
    state: row.state as EnvironmentRecord['state'],
    createdAt: date(row.created_at),
    expiresAt: optionalDate(row.expires_at),
    lastActivityAt: date(row.last_activity_at),
    warnedAt: optionalDate(row.warned_at),
    idleWarnedAt: optionalDate(row.idle_warned_at),
    teardownStartedAt: optionalDate(row.teardown_started_at),
    teardownReason: (row.teardown_reason ?? undefined) as
      | TeardownReason
      | undefined,
    tornDownAt: optionalDate(row.torn_down_at),
    quota: {
      cpuCores: Number(row.cpu_cores),
      memoryGiB: Number(row.memory_gib),
    },
    rates: {
      cpuHour: Number(row.cpu_hour_rate),
      memoryGiBHour: Number(row.memory_gib_hour_rate),
    },
    readyWhenHealthy: Boolean(row.ready_when_healthy),
    pullRequestUrl: row.pull_request_url ?? undefined,
    pullRequestCommentDue: (row.pr_comment_due ?? undefined) as
      | PullRequestCommentKind
      | undefined,
    failureReason: row.failure_reason ?? undefined,
  };
}

export function toRow(id: string, env: NewEnvironment): EnvironmentRow {
  return {
    id,
    name: env.name,
    type: env.type,
    owner_team: env.ownerTeam,
    owner_user: env.ownerUser ?? null,
    requested_by: env.requestedBy,
    services: JSON.stringify(env.services),
    urls: JSON.stringify(env.urls),
    state: env.state ?? 'active',
    created_at: env.createdAt,
    expires_at: env.expiresAt ?? null,
    last_activity_at: env.createdAt,
    warned_at: null,
    idle_warned_at: null,
    teardown_started_at: null,
    teardown_reason: null,
    torn_down_at: null,
    cpu_cores: env.quota.cpuCores,
    memory_gib: env.quota.memoryGiB,
    cpu_hour_rate: env.rates.cpuHour,
    memory_gib_hour_rate: env.rates.memoryGiBHour,
    ready_when_healthy: env.readyWhenHealthy ?? false,
    pull_request_url: env.pullRequestUrl ?? null,
    pr_comment_due: null,
    failure_reason: null,
  };
}

export function toEventRow(event: NewEnvironmentEvent): EventRow {
  return {
    environment_id: event.environmentId,
    environment_name: event.environmentName,
    at: event.at,
    type: event.type,
    actor: event.actor ?? null,
    details: JSON.stringify(event.details ?? {}),
  };
}

export function toEvent(row: EventRow): EnvironmentEvent {
  return {
    environment: row.environment_name,
    at: date(row.at).toISOString(),
    type: row.type as EnvironmentEventType,
    actor: row.actor ?? undefined,
    details: JSON.parse(row.details),
  };
}
