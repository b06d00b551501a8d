/**
 * What GitHub's webhooks (received by the events backend as `github.<event>` topics) say about a
 * Terraform pull request in platform-config: merged or closed (`pull_request`), applied or failed
 * by Atlantis (its `atlantis/apply` commit status, or its "Ran Apply" comment), or a new head
 * commit (status webhooks name a commit, not a pull request). Anything else is nothing.
 */
import { Happening } from '../database/FollowupStore';

export const GITHUB_PULL_REQUEST_TOPIC = 'github.pull_request';
export const GITHUB_STATUS_TOPIC = 'github.status';
export const GITHUB_ISSUE_COMMENT_TOPIC = 'github.issue_comment';
export const GITHUB_TOPICS = [
  GITHUB_PULL_REQUEST_TOPIC,
  GITHUB_STATUS_TOPIC,
  GITHUB_ISSUE_COMMENT_TOPIC,
];

export interface SignalSettings {
  /** `owner/repo` of platform-config, lower-case. */
  platformConfigRepo: string;
  /** The commit status context Atlantis sets for applies; default `atlantis/apply`. */
  applyStatusContext: string;
  /**
   * When set, only comments and apply statuses by these GitHub logins count as Atlantis's
   * (lower-case): anyone who may comment forges a comment, anyone who may push a status.
   */
  atlantisLogins?: string[];
}

/** The pull request a signal is about: by number, or by a commit (and the branches holding it). */
export type SignalTarget =
  | { pullRequest: number }
  | { commit: string; branches: string[] };

export type Signal =
  | { target: SignalTarget; happening: Happening }
  | { target: { pullRequest: number }; headSha: string };

type Json = Record<string, any>;

const dateOr = (value: unknown, fallback: Date) => {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
};

const text = (value: unknown, max = 500) =>
  typeof value === 'string' ? value.slice(0, max) : '';

/** Whether `login` may speak for Atlantis: anyone when no logins are configured. */
const isAtlantis = (login: unknown, settings: SignalSettings) =>
  !settings.atlantisLogins ||
  settings.atlantisLogins.includes(text(login, 100).toLocaleLowerCase('en-US'));

/** The signal a webhook carries, if any; `now` dates a payload that has no time of its own. */
export function signalOf(
  topic: string,
  payload: Json | undefined,
  settings: SignalSettings,
  now: Date,
): Signal | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const repo = text(payload.repository?.full_name).toLocaleLowerCase('en-US');
  if (repo !== settings.platformConfigRepo) return undefined;

  if (topic === GITHUB_PULL_REQUEST_TOPIC) {
    const pull = payload.pull_request ?? {};
    const pullRequest = Number(pull.number ?? payload.number);
    if (!Number.isInteger(pullRequest)) return undefined;
    const headSha = text(pull.head?.sha, 64) || undefined;
    if (payload.action === 'closed') {
      return {
        target: { pullRequest },
        happening: pull.merged
          ? { kind: 'merged', at: dateOr(pull.merged_at, now), headSha }
          : { kind: 'closed', at: dateOr(pull.closed_at, now) },
      };
    }
    if (
      headSha &&
      ['opened', 'synchronize', 'reopened'].includes(payload.action)
    ) {
      return { target: { pullRequest }, headSha };
    }
    return undefined;
  }

  if (topic === GITHUB_STATUS_TOPIC) {
    if (payload.context !== settings.applyStatusContext) return undefined;
    // A status webhook names its creator only as the sender.
    if (!isAtlantis(payload.sender?.login, settings)) return undefined;
    const commit = text(payload.sha, 64);
    if (!commit) return undefined;
    const target = {
      commit,
      branches: Array.isArray(payload.branches)
        ? payload.branches.map((b: Json) => text(b?.name, 255)).filter(Boolean)
        : [],
    };
    const at = dateOr(payload.updated_at ?? payload.created_at, now);
    const source = `${settings.applyStatusContext} status on ${commit.slice(
      0,
      12,
    )}`;
    if (payload.state === 'success') {
      return { target, happening: { kind: 'applied', at, source } };
    }
    if (payload.state === 'failure' || payload.state === 'error') {
      const reason = [text(payload.description), text(payload.target_url)]
        .filter(Boolean)
        .join(' — ');
      return {
        target,
        happening: {
          kind: 'apply-failed',
          at,
          source,
          reason: reason || `Atlantis reported ${payload.state}`,
        },
      };
    }
    return undefined;
  }

  if (topic === GITHUB_ISSUE_COMMENT_TOPIC) {
    const issue = payload.issue ?? {};
    const body = text(payload.comment?.body, 20_000);
    const pullRequest = Number(issue.number);
    if (
      payload.action !== 'created' ||
      !issue.pull_request ||
      !Number.isInteger(pullRequest) ||
      !/Ran Apply for/i.test(body)
    ) {
      return undefined;
    }
    if (!isAtlantis(payload.comment?.user?.login, settings)) return undefined;
    const at = dateOr(payload.comment?.created_at, now);
    const source = `Atlantis comment ${text(payload.comment?.html_url)}`.trim();
    if (/Apply complete!/i.test(body) && !/Apply (Error|Failed)/i.test(body)) {
      return {
        target: { pullRequest },
        happening: { kind: 'applied', at, source },
      };
    }
    if (/Apply (Error|Failed)|Error:/i.test(body)) {
      return {
        target: { pullRequest },
        happening: {
          kind: 'apply-failed',
          at,
          source,
          reason: `Atlantis could not apply: see ${
            text(payload.comment?.html_url) || `pull request #${pullRequest}`
          }`,
        },
      };
    }
  }
  return undefined;
}
