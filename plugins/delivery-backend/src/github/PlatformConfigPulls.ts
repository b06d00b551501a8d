/**
 * The GitHub calls of the follow-ups, on platform-config: which pull requests hold a commit (a
 * status webhook names a commit only), and the reminder's comment.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  GithubClient,
  createGithubClient,
  upsertMarkedComment,
} from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';

export interface PlatformConfigPulls {
  /** Numbers of the pull requests whose commits include `sha`. */
  pullsOfCommit(sha: string): Promise<number[]>;
  /** Posts (or, on a retry, finds) the comment that starts with `marker`; answers its URL. */
  comment(pullRequest: number, marker: string, body: string): Promise<string>;
}

export class GithubPlatformConfigPulls implements PlatformConfigPulls {
  private client?: Promise<GithubClient>;

  constructor(
    private readonly deps: {
      integrations: ScmIntegrationRegistry;
      github: GithubSettings;
      logger: LoggerService;
    },
  ) {}

  async pullsOfCommit(sha: string): Promise<number[]> {
    const client = await this.github();
    const { org: owner, platformConfigRepo: repo } = this.deps.github;
    const { data } =
      await client.rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
      });
    return data.map(pull => pull.number);
  }

  async comment(
    pullRequest: number,
    marker: string,
    body: string,
  ): Promise<string> {
    const { org: owner, platformConfigRepo: repo } = this.deps.github;
    return upsertMarkedComment(
      await this.github(),
      { owner, repo, number: pullRequest },
      marker,
      body,
    );
  }

  private github(): Promise<GithubClient> {
    // Made on first use: a backend without GitHub credentials still starts and serves its API.
    this.client ??= createGithubClient({
      integrations: this.deps.integrations,
      host: this.deps.github.host,
      owner: this.deps.github.org,
      repo: this.deps.github.platformConfigRepo,
      logger: this.deps.logger,
      writeIntervalMs: this.deps.github.writeIntervalMs,
      requestTimeoutMs: this.deps.github.requestTimeoutMs,
    }).catch(error => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }
}
