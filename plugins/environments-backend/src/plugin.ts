import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { environmentPermissions } from '@runway/plugin-environments-common';
import {
  EnvironmentTeardown,
  createEnvironmentDelivery,
  environmentPermissionResourceRef,
  environmentPermissionRules,
  environmentsTeardownExtensionPoint,
} from '@runway/plugin-environments-node';
import { createSlackClient } from '@runway/platform-node';
import { scheduleHealthWatcher } from './health/scheduleHealthWatcher';
import {
  GITHUB_PUSH_TOPIC,
  createPushActivityHandler,
} from './activity/githubPush';
import { CatalogLookup } from './catalog/CatalogLookup';
import { environmentsClockServiceRef } from './clock';
import { DatabaseEnvironmentStore } from './database/DatabaseEnvironmentStore';
import { TeamExpiryNotifier } from './lifecycle/ExpiryNotifier';
import { LifecycleSweeper } from './lifecycle/LifecycleSweeper';
import { OrphanSweeper } from './lifecycle/OrphanSweeper';
import { TeardownRunner } from './lifecycle/TeardownRunner';
import { readEnvironmentsSettings } from './settings';
import { EnvironmentAccess } from './service/access';
import { EnvironmentOperations } from './service/EnvironmentOperations';
import { createRouter } from './service/router';
import { BranchLister } from './service/branches';
import { ScmIntegrations } from '@backstage/integration';
import { readGithubSettings } from '@runway/platform-node';

/** Wiring only: see src/service, src/lifecycle and src/activity for what the plugin does. */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'environments',
  register(env) {
    let installedTeardown: EnvironmentTeardown | undefined;
    env.registerExtensionPoint(environmentsTeardownExtensionPoint, {
      setTeardown(teardown) {
        if (installedTeardown) {
          throw new Error('An environments teardown is already installed.');
        }
        installedTeardown = teardown;
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        events: eventsServiceRef,
        catalog: catalogServiceRef,
        clock: environmentsClockServiceRef,
      },
      async init(deps) {
        const { logger, clock, auditor } = deps;
        const settings = readEnvironmentsSettings(deps.config);
        const store = await DatabaseEnvironmentStore.create(deps);
        const catalog = new CatalogLookup(deps);
        const teardown =
          installedTeardown ?? createEnvironmentDelivery(deps.config, logger);
        const runner = new TeardownRunner({ store, clock, logger, teardown });
        deps.permissionsRegistry.addResourceType({
          resourceRef: environmentPermissionResourceRef,
          permissions: environmentPermissions,
          rules: Object.values(environmentPermissionRules),
          // The permission backend asks for these when it resolves a conditional decision.
          getResources: refs =>
            Promise.all(
              refs.map(async ref => {
                const found = await store.getByName(ref);
                return (
                  found && {
                    name: found.name,
                    type: found.type,
                    ownerTeam: found.ownerTeam,
                    ...(found.ownerUser && { ownerUser: found.ownerUser }),
                  }
                );
              }),
            ),
        });
        const access = new EnvironmentAccess(deps);
        const operations = new EnvironmentOperations({
          store,
          runner,
          access,
          clock,
          settings,
        });

        deps.httpRouter.use(
          await createRouter({
            store,
            operations,
            access,
            auditor,
            clock,
            settings,
            branches: new BranchLister({
              catalog: deps.catalog,
              integrations: ScmIntegrations.fromConfig(deps.config),
              github: readGithubSettings(deps.config),
              logger,
            }),
          }),
        );

        await deps.events.subscribe({
          id: 'environments-activity',
          topics: [GITHUB_PUSH_TOPIC],
          onEvent: createPushActivityHandler({ store, catalog, clock, logger }),
        });

        await scheduleHealthWatcher({ ...deps, store, settings });

        if (!settings.sweep.enabled) {
          logger.warn(
            'runway.environments.sweepEnabled is false: environments are neither warned nor torn down.',
          );
          return;
        }
        const sweeper = new LifecycleSweeper({
          store,
          runner,
          clock,
          logger,
          auditor,
          settings,
          abandonProvisioningAfterMinutes:
            abandonProvisioningAfterMinutes(settings),
          orphans: new OrphanSweeper({
            store,
            teardown,
            clock,
            logger,
            auditor,
          }),
          notifier: new TeamExpiryNotifier({
            notifications: deps.notifications,
            slack: createSlackClient(settings.slack),
            catalog,
            appBaseUrl: settings.appBaseUrl,
            logger,
          }),
        });
        await deps.scheduler.scheduleTask({
          id: 'environments-lifecycle',
          frequency: settings.sweep.interval,
          timeout: settings.sweep.timeout,
          initialDelay: { seconds: 15 },
          scope: 'global',
          fn: async () => {
            await sweeper.sweep();
          },
        });
      },
    });
  },
});

/**
 * A lease still provisioning this long is torn down as abandoned; while Argo CD's health decides,
 * not before the health watcher had its `readyTimeout` (and a margin) to mark it failed.
 */
function abandonProvisioningAfterMinutes(settings: {
  health?: { readyTimeoutMs: number };
}): number {
  const readyTimeoutMinutes = (settings.health?.readyTimeoutMs ?? 0) / 60_000;
  return Math.max(60, Math.ceil(readyTimeoutMinutes) + 15);
}
