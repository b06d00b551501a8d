import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { readGithubSettings } from '@runway/platform-node';
import { DirectDelivery } from './DirectDelivery';
import { EnvironmentDelivery } from './EnvironmentDelivery';
import { GitopsDelivery, GitopsDeliveryOptions } from './GitopsDelivery';
import { readDeliverySettings } from './settings';

/**
 * The delivery `runway.environments.delivery` asks for, made once at start-up; a
 * misconfiguration stops the backend with the key to fix.
 */
export function createEnvironmentDelivery(
  config: Config,
  logger: LoggerService,
  overrides: Pick<GitopsDeliveryOptions, 'credentialsProvider' | 'retry'> = {},
): EnvironmentDelivery {
  const settings = readDeliverySettings(config);
  if (settings.mode === 'direct') return new DirectDelivery(settings, logger);

  const integrations = ScmIntegrations.fromConfig(config);
  if (!integrations.github.byHost(settings.host)) {
    throw new Error(
      `runway.environments.delivery is gitops into ${settings.host}/${settings.owner}/${settings.repo}, but integrations.github has no entry for ${settings.host}; add one (token or GitHub App) so environments can be delivered and torn down.`,
    );
  }
  return new GitopsDelivery({
    settings,
    integrations,
    github: readGithubSettings(config),
    logger,
    ...overrides,
  });
}
