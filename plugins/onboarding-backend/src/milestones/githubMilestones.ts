/**
 * GitHub's webhooks, received by the events backend (`github.<event>` topics), as milestones of
 * a hire's onboarding:
 * - access granted: their access pull request in platform-config (branch `runway/engineer-<login>`,
 *   its body naming their identity-provider id, as the onboarding template opens it) merged;
 * - first pull request: a pull request opened in the organisation by their login;
 * - first deploy to staging: a successful deployment status for environment `staging` of a
 *   deployment their login created.
 * Only events after the run's first event count (an earlier pull request belongs to nobody's
 * onboarding); repeated and late events change nothing but an earlier time (MilestoneStore).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { MilestoneKind } from '@runway/plugin-onboarding-common';
import { HireRuns } from './HireRuns';
import { MilestoneStore } from './MilestoneStore';

export const GITHUB_PULL_REQUEST_TOPIC = 'github.pull_request';
export const GITHUB_DEPLOYMENT_STATUS_TOPIC = 'github.deployment_status';
export const STAGING_ENVIRONMENT = 'staging';
/** The onboarding template's access branch: `runway/engineer-<login, lower-case>`. */
export const ACCESS_BRANCH_PREFIX = 'runway/engineer-';

export interface GithubOrg {
  org: string;
  /** The repository, in `org`, that receives the access pull requests. */
  platformConfigRepo: string;
}

/** What one webhook says happened, to whom. */
export interface GithubMilestone {
  kind: MilestoneKind;
  login: string;
  at: Date;
  url?: string;
  detail?: string;
  /** The access pull request's body, which names the identity-provider id it was made for. */
  body?: string;
}

type Json = Record<string, any>;

const lower = (value: unknown) =>
  typeof value === 'string' ? value.toLocaleLowerCase('en-US') : undefined;

const dateOf = (value: unknown) => {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

const webUrl = (value: unknown) =>
  typeof value === 'string' && /^https?:\/\//.test(value) ? value : undefined;

/** The milestone a webhook shows, if any; anything else (another org, a draft, a failure) is none. */
export function milestoneOf(
  topic: string,
  payload: Json | undefined,
  github: GithubOrg,
): GithubMilestone | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const repository = payload.repository ?? {};
  const org = lower(github.org);
  const owner = lower(payload.organization?.login ?? repository.owner?.login);
  if (!org || owner !== org) return undefined;
  const repo = String(repository.full_name ?? '');

  if (topic === GITHUB_PULL_REQUEST_TOPIC) {
    const pull = payload.pull_request ?? {};
    if (payload.action === 'opened') {
      const at = dateOf(pull.created_at);
      const login = pull.user?.login;
      if (!at || typeof login !== 'string') return undefined;
      return {
        kind: 'first-pr',
        login,
        at,
        url: webUrl(pull.html_url),
        detail: `${repo}#${pull.number}`,
      };
    }
    const branch = lower(pull.head?.ref) ?? '';
    if (
      payload.action === 'closed' &&
      pull.merged === true &&
      lower(repo) === `${org}/${lower(github.platformConfigRepo)}` &&
      branch.startsWith(ACCESS_BRANCH_PREFIX)
    ) {
      const at = dateOf(pull.merged_at);
      if (!at) return undefined;
      return {
        kind: 'access-granted',
        login: branch.slice(ACCESS_BRANCH_PREFIX.length),
        at,
        url: webUrl(pull.html_url),
        detail: `${repo}#${pull.number}`,
        body: typeof pull.body === 'string' ? pull.body : '',
      };
    }
    return undefined;
  }

  if (topic === GITHUB_DEPLOYMENT_STATUS_TOPIC) {
    const status = payload.deployment_status ?? {};
    const deployment = payload.deployment ?? {};
    const environment = lower(status.environment ?? deployment.environment);
    const login = deployment.creator?.login;
    const at = dateOf(status.created_at);
    if (
      status.state !== 'success' ||
      environment !== STAGING_ENVIRONMENT ||
      typeof login !== 'string' ||
      !at
    ) {
      return undefined;
    }
    return {
      kind: 'first-staging-deploy',
      login,
      at,
      url: webUrl(status.environment_url) ?? webUrl(status.target_url),
      detail: `${repo}@${deployment.ref ?? deployment.sha ?? '?'}`,
    };
  }
  return undefined;
}

/** The events service's subscriber: records what each webhook shows on the hire's run. */
export function createGithubMilestoneHandler(deps: {
  runs: HireRuns;
  milestones: MilestoneStore;
  github: GithubOrg;
  logger: LoggerService;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return async (event: EventParams): Promise<void> => {
    const found = milestoneOf(
      event.topic,
      event.eventPayload as Json,
      deps.github,
    );
    if (!found) return;
    for (const run of await deps.runs.byLogin(found.login)) {
      if (found.at.getTime() < run.createdAt.getTime()) continue;
      if (found.body !== undefined && !found.body.includes(run.idpUserId)) {
        continue;
      }
      const { kind, at: reachedAt, url, detail } = found;
      if (
        await deps.milestones.reach(
          run.id,
          { kind, reachedAt, url, detail },
          now(),
        )
      ) {
        deps.logger.info(
          `Onboarding run ${run.id}: ${kind} at ${reachedAt.toISOString()} (${
            detail ?? event.topic
          })`,
        );
      }
    }
  };
}
