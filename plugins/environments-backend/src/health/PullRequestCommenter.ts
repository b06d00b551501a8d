/**
 * Posts an environment's verdict on its pull request: "ready" with the URLs, or "failed" with the
 * reason — the same texts `environment:create` posts when no Argo CD is configured.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createGithubClient, upsertMarkedComment } from '@runway/github-node';
import {
  commentMarker,
  environmentComment,
  environmentFailedComment,
  parsePullRequestUrl,
} from '@runway/plugin-environments-node';
import { GithubSettings } from '@runway/platform-node';
import {
  EnvironmentRecord,
  PullRequestCommentKind,
} from '../database/EnvironmentStore';
import { environmentLinks } from '../lifecycle/ExpiryNotifier';

export interface PullRequestCommenter {
  /** Creates or updates the environment's one comment; answers its address. */
  comment(
    env: EnvironmentRecord,
    kind: PullRequestCommentKind,
  ): Promise<string>;
}

export class GithubPullRequestCommenter implements PullRequestCommenter {
  constructor(
    private readonly deps: {
      integrations: ScmIntegrationRegistry;
      github: GithubSettings;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  async comment(
    env: EnvironmentRecord,
    kind: PullRequestCommentKind,
  ): Promise<string> {
    const pr = parsePullRequestUrl(env.pullRequestUrl!);
    const client = await createGithubClient({
      integrations: this.deps.integrations,
      host: pr.host,
      owner: pr.owner,
      repo: pr.repo,
      logger: this.deps.logger,
      writeIntervalMs: this.deps.github.writeIntervalMs,
      requestTimeoutMs: this.deps.github.requestTimeoutMs,
    });
    return upsertMarkedComment(
      client,
      pr,
      commentMarker(env.name),
      commentBody(env, kind, this.deps.appBaseUrl),
    );
  }
}

export function commentBody(
  env: EnvironmentRecord,
  kind: PullRequestCommentKind,
  appBaseUrl: string,
): string {
  const environmentUrl = environmentLinks(appBaseUrl, env.name).pageUrl;
  if (kind === 'failed') {
    return environmentFailedComment({
      name: env.name,
      reason: env.failureReason ?? 'unknown',
      environmentUrl,
    });
  }
  return environmentComment({
    name: env.name,
    urls: env.urls,
    branches: Object.fromEntries(
      env.services.map(s => [parseEntityRef(s.entityRef).name, s.branch]),
    ),
    expiresAt: env.expiresAt?.toISOString() ?? 'never',
    environmentUrl,
  });
}
