import {
  AuditorService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ArgoCdClient, readGithubSettings } from '@runway/platform-node';
import { Clock } from '../clock';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { EnvironmentsSettings } from '../settings';
import { NotificationFailureNotifier } from './FailureNotifier';
import { HealthWatcher } from './HealthWatcher';
import { GithubPullRequestCommenter } from './PullRequestCommenter';

/**
 * Runs the health watcher every `healthInterval` on one replica at a time (global scope), when
 * `runway.environments.argocd` makes Argo CD's health decide readiness.
 */
export async function scheduleHealthWatcher(deps: {
  config: RootConfigService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  store: EnvironmentStore;
  clock: Clock;
  logger: LoggerService;
  auditor: AuditorService;
  settings: Pick<EnvironmentsSettings, 'health' | 'appBaseUrl'>;
}): Promise<HealthWatcher | undefined> {
  const { health, appBaseUrl } = deps.settings;
  if (!health) return undefined;
  const watcher = new HealthWatcher({
    store: deps.store,
    argocd: new ArgoCdClient(health.argocd),
    notifier: new NotificationFailureNotifier({
      notifications: deps.notifications,
      appBaseUrl,
    }),
    commenter: new GithubPullRequestCommenter({
      integrations: ScmIntegrations.fromConfig(deps.config),
      github: readGithubSettings(deps.config),
      appBaseUrl,
      logger: deps.logger,
    }),
    clock: deps.clock,
    logger: deps.logger,
    auditor: deps.auditor,
    readyTimeoutMs: health.readyTimeoutMs,
  });
  await deps.scheduler.scheduleTask({
    id: 'environments-health',
    frequency: health.interval,
    timeout: { minutes: 2 },
    initialDelay: { seconds: 1 },
    scope: 'global',
    fn: async () => {
      await watcher.watch();
    },
  });
  deps.logger.info(
    `Environments become active when Argo CD (${
      health.argocd.url
    }) reports them Healthy; failed after ${Math.round(
      health.readyTimeoutMs / 1000,
    )} s otherwise.`,
  );
  return watcher;
}
