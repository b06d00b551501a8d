/**
 * The real teardowns, chosen by `runway.environments.delivery` (the same setting the provisioning
 * action delivers by): GitOps removes `environments/<name>/` from platform-config's default branch,
 * and Argo CD prunes what it deployed; direct deletes the environment's labelled Argo CD
 * Applications and namespace from the cluster.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import {
  DirectDelivery,
  GitopsDelivery,
  closeEnvironmentPullRequests,
  deleteEnvironmentResources,
  describeResource,
  kubeConfigFor,
  readEnvironmentDelivery,
  removeEnvironmentDirectory,
} from '@runway/plugin-environments-node';
import { EnvironmentRecord } from '../database/EnvironmentStore';
import { Teardown } from './teardown';

export class GitopsTeardown implements Teardown {
  constructor(
    private readonly delivery: GitopsDelivery,
    private readonly client: () => Promise<Octokit>,
    private readonly logger: LoggerService,
  ) {}

  async teardown(env: EnvironmentRecord): Promise<void> {
    const { owner, repo } = this.delivery;
    const client = await this.client();
    // First, so that an unmerged delivery pull request cannot be merged after the removal.
    const closed = await closeEnvironmentPullRequests(
      client,
      { owner, repo },
      env.name,
      teardownReason(env),
    );
    if (closed.length > 0) {
      this.logger.info(
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
    this.logger.info(
      result.changed
        ? `Environment ${env.name}: removed ${result.removed.length} files from ${owner}/${repo} (${result.branch} at ${result.sha}); Argo CD prunes the resources.`
        : `Environment ${env.name}: ${owner}/${repo} holds nothing of it any more.`,
    );
  }
}

function teardownReason(env: EnvironmentRecord): string {
  switch (env.teardownReason) {
    case 'idle':
      return 'idle';
    case 'requested':
      return 'destroyed on request';
    default:
      return 'expired';
  }
}

export class DirectTeardown implements Teardown {
  constructor(
    private readonly delivery: DirectDelivery,
    private readonly logger: LoggerService,
  ) {}

  async teardown(env: EnvironmentRecord): Promise<void> {
    const deleted = await deleteEnvironmentResources(
      kubeConfigFor(this.delivery.cluster),
      env.name,
    );
    this.logger.info(
      `Environment ${env.name}: deleted ${
        deleted.map(describeResource).join(', ') || 'nothing (already gone)'
      } on cluster ${this.delivery.cluster.name}.`,
    );
  }
}

/** The teardown `runway.environments.delivery` asks for; a misconfiguration stops the backend. */
export function teardownFromConfig(
  config: Config,
  logger: LoggerService,
): Teardown {
  const delivery = readEnvironmentDelivery(config);
  if (delivery.mode === 'direct') return new DirectTeardown(delivery, logger);

  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(delivery.host);
  if (!integration) {
    throw new Error(
      `runway.environments.delivery is gitops into ${delivery.host}/${delivery.owner}/${delivery.repo}, but integrations.github has no entry for ${delivery.host}; add one (token or GitHub App) so environments can be torn down.`,
    );
  }
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const client = async () => {
    const { token } = await credentials.getCredentials({
      url: `https://${delivery.host}/${delivery.owner}/${delivery.repo}`,
    });
    return new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      log: logger,
    });
  };
  return new GitopsTeardown(delivery, client, logger);
}
