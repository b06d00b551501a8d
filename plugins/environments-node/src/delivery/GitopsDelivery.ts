/**
 * GitOps delivery: an environment is the folder `environments/<name>/` of platform-config, which
 * Argo CD syncs. Delivered by a commit on the default branch or by a pull request; torn down by
 * closing that pull request if it is still open, then removing the folder (Argo CD prunes).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  GithubRetryOptions,
  commitFiles,
  createGithubClient,
  openPullRequest,
} from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import {
  closeEnvironmentPullRequests,
  removeEnvironmentDirectory,
} from '../gitops';
import { environmentBranch } from '../labels';
import {
  DeliverOptions,
  Delivered,
  DeliveryRequest,
  EnvironmentDelivery,
  TeardownTarget,
} from './EnvironmentDelivery';
import { GitopsDeliverySettings } from './settings';

export interface GitopsDeliveryOptions {
  settings: GitopsDeliverySettings;
  integrations: ScmIntegrationRegistry;
  github: Pick<GithubSettings, 'writeIntervalMs' | 'requestTimeoutMs'>;
  logger: LoggerService;
  /** Default: the integrations' own. */
  credentialsProvider?: GithubCredentialsProvider;
  /** Tests shorten the back-off. */
  retry?: GithubRetryOptions;
}

const REASONS: Record<NonNullable<TeardownTarget['teardownReason']>, string> = {
  expired: 'expired',
  idle: 'idle',
  requested: 'destroyed on request',
};

export class GitopsDelivery implements EnvironmentDelivery {
  constructor(private readonly options: GitopsDeliveryOptions) {}

  async deliver(
    request: DeliveryRequest,
    { logger, checkpoint }: DeliverOptions = {},
  ): Promise<Delivered> {
    const { host, owner, repo, via } = this.options.settings;
    const client = await this.client(logger);
    const { name, rendered, summary } = request;
    if (via === 'pull-request') {
      const pr = await openPullRequest(
        client,
        {
          owner,
          repo,
          branch: environmentBranch(name),
          files: rendered.files,
          title: `Environment ${name}`,
          labels: ['environment'],
          body: `${summary}.\n\nMerging creates it; Runway tears it down at ${request.expiresAt}.`,
          commitMessage: summary,
        },
        { checkpoint },
      );
      return { description: `pull request ${pr.prUrl}`, url: pr.prUrl };
    }
    const commit = await commitFiles(client, {
      owner,
      repo,
      files: rendered.files,
      message: summary,
    });
    return {
      description: `${commit.changed ? 'commit' : 'already at'} ${
        commit.sha
      } on ${commit.branch} of ${owner}/${repo}`,
      url: `https://${host}/${owner}/${repo}/commit/${commit.sha}`,
    };
  }

  async teardown(env: TeardownTarget): Promise<void> {
    const { owner, repo } = this.options.settings;
    const { logger } = this.options;
    const client = await this.client();
    // First, so that an unmerged delivery pull request cannot be merged after the removal.
    const closed = await closeEnvironmentPullRequests(
      client,
      { owner, repo },
      env.name,
      REASONS[env.teardownReason ?? 'expired'],
    );
    if (closed.length > 0) {
      logger.info(
        `Environment ${env.name}: closed its pull request ${closed
          .map(n => `#${n}`)
          .join(', ')} in ${owner}/${repo}.`,
      );
    }
    const result = await removeEnvironmentDirectory(
      client,
      { owner, repo },
      env.name,
    );
    logger.info(
      result.changed
        ? `Environment ${env.name}: removed ${result.removed.length} files from ${owner}/${repo} (${result.branch} at ${result.sha}); Argo CD prunes the resources.`
        : `Environment ${env.name}: ${owner}/${repo} holds nothing of it any more.`,
    );
  }

  private client(logger: LoggerService = this.options.logger) {
    const { settings, integrations, github } = this.options;
    return createGithubClient({
      integrations,
      credentialsProvider: this.options.credentialsProvider,
      host: settings.host,
      owner: settings.owner,
      repo: settings.repo,
      logger,
      retry: this.options.retry,
      writeIntervalMs: github.writeIntervalMs,
      requestTimeoutMs: github.requestTimeoutMs,
    });
  }
}
