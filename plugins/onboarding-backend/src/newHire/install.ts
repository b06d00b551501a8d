/**
 * Wiring of the new-hire page: its routes, the run as a permission resource, the GitHub webhooks
 * and sandbox check that record milestones, and the scheduled prune of old runs.
 */
import {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { OnboardingStore } from '../database/OnboardingStore';
import {
  GITHUB_DEPLOYMENT_STATUS_TOPIC,
  GITHUB_PULL_REQUEST_TOPIC,
  createGithubMilestoneHandler,
} from '../milestones/githubMilestones';
import { HireRuns } from '../milestones/HireRuns';
import { MilestoneStore } from '../milestones/MilestoneStore';
import {
  EnvironmentsApiSandboxes,
  SandboxWatcher,
} from '../milestones/SandboxWatcher';
import { RunPruner } from '../retention/RunPruner';
import { FirstDayTaskStore } from '../tasks/FirstDayTaskStore';
import { HireAccess, registerOnboardingRunResource } from './access';
import { createNewHireRouter } from './router';
import { readNewHireSettings } from './settings';

export async function installNewHirePage(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  events: EventsService;
  /** Made (and migrated) by the plugin before this runs. */
  store: OnboardingStore;
}) {
  const { logger, scheduler, store } = deps;
  const settings = readNewHireSettings(deps.config);
  // The plugin's one database (the service hands out the same client), migrated by the store.
  const db = await deps.database.getClient();
  const milestones = new MilestoneStore(db);
  const runs = new HireRuns(db);

  const accessGranted = async (runId: string) =>
    (await milestones.list(runId)).some(m => m.kind === 'access-granted');
  registerOnboardingRunResource(
    deps.permissionsRegistry,
    id => store.getRun(id),
    accessGranted,
  );
  deps.httpRouter.use(
    createNewHireRouter({
      store,
      tasks: new FirstDayTaskStore(db),
      milestones,
      access: new HireAccess({ ...deps, accessGranted }),
      httpAuth: deps.httpAuth,
      auditor: deps.auditor,
      firstDayTasks: settings.firstDayTasks,
    }),
  );

  await deps.events.subscribe({
    id: 'onboarding-milestones',
    topics: [GITHUB_PULL_REQUEST_TOPIC, GITHUB_DEPLOYMENT_STATUS_TOPIC],
    onEvent: createGithubMilestoneHandler({
      runs,
      milestones,
      github: settings.github,
      logger,
    }),
  });

  const sandboxes = new SandboxWatcher({
    runs,
    milestones,
    environments: new EnvironmentsApiSandboxes(deps),
    logger,
  });
  await scheduler.scheduleTask({
    id: 'onboarding-sandbox-milestones',
    frequency: { seconds: settings.sandboxCheckIntervalSeconds },
    timeout: { minutes: 2 },
    initialDelay: {
      seconds: Math.min(30, settings.sandboxCheckIntervalSeconds),
    },
    scope: 'global',
    fn: async () => {
      await sandboxes.check();
    },
  });

  if (!settings.retention.enabled) {
    logger.warn(
      'runway.onboarding.pruneEnabled is false: onboarding runs and deliveries are kept forever.',
    );
    return;
  }
  const pruner = new RunPruner(db, settings.retention.days);
  await scheduler.scheduleTask({
    id: 'onboarding-prune',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      const pruned = await pruner.prune(new Date());
      logger.info(
        `Onboarding retention (${settings.retention.days} days): deleted ${pruned.runs} runs and ${pruned.deliveries} deliveries`,
      );
    },
  });
}
