/**
 * Follow-ups on a controlled clock for tests: the store on a test database, GitHub's webhooks as
 * the events backend publishes them, and a platform-config whose answers the test decides.
 */
import { NewFollowupRequest } from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import { DatabaseFollowupStore } from '../database/DatabaseFollowupStore';
import { PlatformConfigPulls } from '../github/PlatformConfigPulls';
import {
  GITHUB_ISSUE_COMMENT_TOPIC,
  GITHUB_PULL_REQUEST_TOPIC,
  GITHUB_STATUS_TOPIC,
} from '../webhooks/githubSignals';

export const START = new Date('2026-12-01T09:00:00Z');
export const addHours = (date: Date, hours: number) =>
  new Date(date.getTime() + hours * 3_600_000);

export class FakeClock {
  constructor(private time: Date = START) {}
  now = () => new Date(this.time);
  advanceHours(hours: number) {
    this.time = addHours(this.time, hours);
  }
}

export const REPO = 'acme/platform-config';
export const HEAD_SHA = 'a'.repeat(40);

export function newFollowup(
  overrides: Partial<NewFollowupRequest> = {},
): NewFollowupRequest {
  const number = overrides.pullRequestNumber ?? 7;
  return {
    service: 'ledger-api',
    entityRef: 'component:default/ledger-api',
    repositoryUrl: 'https://github.com/acme/ledger-api',
    platformConfigRepo: REPO,
    pullRequestNumber: number,
    pullRequestUrl: `https://github.com/${REPO}/pull/${number}`,
    branch: 'runway/new-service-ledger-api',
    requester: 'user:default/grace-liu',
    ownerTeam: 'group:default/payments',
    taskId: 'task-1',
    ...overrides,
  };
}

export async function storeOn(knex: Knex) {
  return DatabaseFollowupStore.create({
    database: { getClient: async () => knex },
  });
}

const repository = { full_name: REPO, owner: { login: 'acme' } };
let deliveries = 0;
/** A fresh `X-GitHub-Delivery`, or the one given (a redelivery repeats it). */
const metadata = (deliveryId?: string) => ({
  'x-github-delivery': deliveryId ?? `delivery-${++deliveries}`,
  'x-github-event': 'x',
});

export function mergedEvent(
  options: { number?: number; at?: Date; deliveryId?: string } = {},
) {
  const number = options.number ?? 7;
  return {
    topic: GITHUB_PULL_REQUEST_TOPIC,
    metadata: metadata(options.deliveryId),
    eventPayload: {
      action: 'closed',
      number,
      pull_request: {
        number,
        merged: true,
        merged_at: (options.at ?? START).toISOString(),
        head: { ref: 'runway/new-service-ledger-api', sha: HEAD_SHA },
      },
      repository,
    },
  };
}

export function closedEvent(options: { number?: number } = {}) {
  const event = mergedEvent(options);
  event.eventPayload.pull_request.merged = false;
  return event;
}

export function applyStatusEvent(
  options: {
    state?: 'success' | 'failure' | 'pending';
    sha?: string;
    branches?: string[];
    deliveryId?: string;
    context?: string;
  } = {},
) {
  return {
    topic: GITHUB_STATUS_TOPIC,
    metadata: metadata(options.deliveryId),
    eventPayload: {
      sha: options.sha ?? HEAD_SHA,
      context: options.context ?? 'atlantis/apply',
      state: options.state ?? 'success',
      description:
        options.state === 'failure'
          ? 'Apply failed for 1 project'
          : 'Apply succeeded',
      target_url: 'https://atlantis.acme.example/jobs/1',
      branches: (options.branches ?? []).map(name => ({ name })),
      updated_at: START.toISOString(),
      repository,
    },
  };
}

export function atlantisCommentEvent(
  options: { number?: number; body?: string; deliveryId?: string } = {},
) {
  const number = options.number ?? 7;
  return {
    topic: GITHUB_ISSUE_COMMENT_TOPIC,
    metadata: metadata(options.deliveryId),
    eventPayload: {
      action: 'created',
      issue: { number, pull_request: { url: 'x' } },
      comment: {
        body:
          options.body ??
          'Ran Apply for dir: `services/ledger-api` workspace: `default`\n\n```\nApply complete! Resources: 4 added, 0 changed, 0 destroyed.\n```',
        html_url: `https://github.com/${REPO}/pull/${number}#issuecomment-1`,
        created_at: START.toISOString(),
      },
      repository,
    },
  };
}

/** platform-config as GitHub answers: which pull requests hold a commit, and the comments made. */
export class FakePlatformConfigPulls implements PlatformConfigPulls {
  readonly pullsByCommit = new Map<string, number[]>();
  readonly comments = new Map<string, { pullRequest: number; body: string }>();
  async pullsOfCommit(sha: string) {
    return this.pullsByCommit.get(sha) ?? [];
  }
  async comment(pullRequest: number, marker: string, body: string) {
    this.comments.set(`${pullRequest}:${marker}`, { pullRequest, body });
    return `https://github.com/${REPO}/pull/${pullRequest}#${marker}`;
  }
}
