/**
 * GitOps delivery: an environment is the folder `environments/<name>/` of platform-config, which
 * Argo CD syncs. Delivered by a commit on the default branch or by a pull request (from the
 * environment's own branch, started afresh from the default branch when an earlier environment of
 * that name left it behind); torn down by closing that pull request if it is still open, removing
 * the folder (Argo CD prunes) and deleting the environment's branch.
 *
 * Teardowns and pushes in one process take turns on the default branch, and a teardown of one
 * environment runs once at a time; a lost race with another process is retried on the new head.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  Checkpoint,
  GithubClient,
  GithubRetryOptions,
  branchKey,
  commitFiles,
  createGithubClient,
  deleteBranch,
  findBranch,
  findOpenPullRequests,
  openPullRequest,
  serialised,
} from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import {
  closeEnvironmentPullRequests,
  listEnvironmentDirectories,
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
  provisioning: 'its delivery never finished',
  orphan: 'no lease tracked it',
};

/** The key for "the default branch" of platform-config: teardowns and pushes all write there. */
const DEFAULT_BRANCH = ':default';

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
      await this.startBranchAfresh(
        client,
        name,
        logger ?? this.options.logger,
        checkpoint,
      );
      const pr = await openPullRequest(
        client,
        {
          owner,
          repo,
          branch: environmentBranch(name),
          files: rendered.files,
          title: `Environment ${name}`,
          labels: ['environment'],
          body: `${summary}.\n\nMerging creates it; ${
            request.expiresAt
              ? `Runway tears it down at ${request.expiresAt}`
              : 'it has no expiry: Runway tears it down when its engineer is offboarded'
          }.`,
          commitMessage: summary,
        },
        { checkpoint },
      );
      return { description: `pull request ${pr.prUrl}`, url: pr.prUrl };
    }
    const commit = await serialised(
      branchKey(client, { owner, repo }, DEFAULT_BRANCH),
      () =>
        commitFiles(client, {
          owner,
          repo,
          files: rendered.files,
          message: summary,
        }),
    );
    return {
      description: `${commit.changed ? 'commit' : 'already at'} ${
        commit.sha
      } on ${commit.branch} of ${owner}/${repo}`,
      url: `https://${host}/${owner}/${repo}/commit/${commit.sha}`,
    };
  }

  /** The names of the folders `environments/<name>/` on the default branch (one tree read). */
  async listEnvironmentFolders(): Promise<string[]> {
    const { owner, repo } = this.options.settings;
    return listEnvironmentDirectories(await this.client(), { owner, repo });
  }

  listDelivered(): Promise<string[]> {
    return this.listEnvironmentFolders();
  }

  async teardown(env: TeardownTarget): Promise<void> {
    const { owner, repo } = this.options.settings;
    // A teardown of this environment still running here (one that outlived its caller) finishes first.
    await serialised(`runway teardown ${owner}/${repo} ${env.name}`, () =>
      this.tearDown(env),
    );
  }

  private async tearDown(env: TeardownTarget): Promise<void> {
    const { owner, repo, via } = this.options.settings;
    const { logger } = this.options;
    const { signal } = env;
    signal?.throwIfAborted();
    const client = await this.client(logger, signal);
    const repository = { owner, repo };
    // First, so that an unmerged delivery pull request cannot be merged after the removal.
    const closed = await closeEnvironmentPullRequests(
      client,
      repository,
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
    const result = await serialised(
      branchKey(client, repository, DEFAULT_BRANCH),
      () => removeEnvironmentDirectory(client, repository, env.name),
    );
    logger.info(
      result.changed
        ? `Environment ${env.name}: removed ${result.removed.length} files from ${owner}/${repo} (${result.branch} at ${result.sha}); Argo CD prunes the resources.`
        : `Environment ${env.name}: ${owner}/${repo} holds nothing of it any more.`,
    );
    // Its pull request is closed or merged: the branch would only hand stale files to a later
    // environment of the same name. Pushes never make one, so look before deleting.
    const branch = environmentBranch(env.name);
    if (
      via === 'pull-request' ||
      (await findBranch(client, repository, branch))
    ) {
      if (await deleteBranch(client, repository, branch))
        logger.info(
          `Environment ${env.name}: deleted its branch ${branch} of ${owner}/${repo}.`,
        );
    }
  }

  /**
   * The environment's branch, if it exists with no open pull request, is what an earlier
   * environment of the same name left: deleted, so that this one starts from the default branch.
   * Through the checkpoint, so a retried task does not throw away its own commit.
   */
  private async startBranchAfresh(
    client: GithubClient,
    name: string,
    logger: LoggerService,
    checkpoint: Checkpoint = async ({ fn }) => fn(),
  ): Promise<void> {
    const { owner, repo } = this.options.settings;
    const repository = { owner, repo };
    const branch = environmentBranch(name);
    await checkpoint<boolean>({
      key: `runway.environment-branch.${owner}/${repo}:${branch}.v1`,
      fn: async () => {
        if (!(await findBranch(client, repository, branch))) return false;
        if ((await findOpenPullRequests(client, repository, branch)).length)
          return false;
        const deleted = await deleteBranch(client, repository, branch);
        if (deleted)
          logger.info(
            `Environment ${name}: deleted branch ${branch} of ${owner}/${repo}, left by an earlier environment of that name, to start it afresh from the default branch.`,
          );
        return deleted;
      },
    });
  }

  private async client(
    logger: LoggerService = this.options.logger,
    signal?: AbortSignal,
  ): Promise<GithubClient> {
    const { settings, integrations, github } = this.options;
    const client = await createGithubClient({
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
    if (signal) {
      // Past the caller's deadline no further request starts, and one in flight is abandoned.
      client.hook.before('request', options => {
        signal.throwIfAborted();
        options.request = { ...options.request, signal };
      });
    }
    return client;
  }
}
