import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { onboardingPermissions } from '@runway/plugin-onboarding-common';
import { OnboardingStore, RunSource } from './database/OnboardingStore';
import { createRouter } from './router';
import { installNewHirePage } from './newHire/install';
import { createUsersRouter } from './users/router';
import { GraphClient } from './runs/GraphClient';
import { GraphSubscriptionKeeper } from './runs/GraphSubscriptionKeeper';
import { OktaDirectory } from './runs/OktaDirectory';
import { ChangeLister, Reconciler } from './runs/Reconciler';
import { OnboardingWorker } from './runs/OnboardingWorker';
import { readOnboardingSettings } from './settings';

/** Wiring only: see src/triggers (who may ask), src/database (runs) and src/runs (starting them). */
export const onboardingPlugin = createBackendPlugin({
  pluginId: 'onboarding',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const settings = readOnboardingSettings(deps.config);
        const store = await OnboardingStore.create(deps);
        deps.permissionsRegistry.addPermissions(onboardingPermissions);
        const api = settings.okta?.api;
        const okta =
          api &&
          new OktaDirectory({
            ...api,
            attributes: settings.okta!.profileAttributes,
          });
        const graph = settings.graph && new GraphClient(settings.graph);
        const graphKeeper =
          graph &&
          new GraphSubscriptionKeeper({ graph, store, logger: deps.logger });
        const worker = new OnboardingWorker({
          store,
          directories: {
            okta,
            graph,
          },
          discovery: deps.discovery,
          auth: deps.auth,
          logger: deps.logger,
          templates: settings.templates,
        });
        deps.httpRouter.use(
          await createRouter({
            store,
            worker,
            settings,
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            graphKeeper,
            graphDirectory: graph,
          }),
        );
        deps.httpRouter.use(
          createUsersRouter({
            users: store.users(),
            catalog: deps.catalog,
            auth: deps.auth,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            events: deps.events,
            now: () => new Date(),
          }),
        );
        // The hire's page, its milestones (GitHub webhooks, sandboxes) and the prune of old runs.
        await installNewHirePage({ ...deps, store });
        // Okta and HR systems have no Backstage token: these routes check their own secrets.
        for (const path of [
          '/okta/hook',
          '/hr/events',
          '/graph/notifications',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        await deps.scheduler.scheduleTask({
          id: 'onboarding-start-received',
          frequency: { seconds: settings.workerIntervalSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 10 },
          fn: () => worker.processPending(),
        });
        const polls: Array<
          [RunSource, ChangeLister | undefined, Date | undefined, number]
        > = [
          [
            'okta',
            okta,
            settings.okta?.reconcileSince,
            settings.okta?.reconcileIntervalMinutes ?? 15,
          ],
          ['graph', graph, settings.graph?.reconcileSince, 15],
        ];
        for (const [source, directory, since, minutes] of polls) {
          if (!directory || !since) continue;
          const reconciler = new Reconciler({
            source,
            directory,
            store,
            since,
            logger: deps.logger,
          });
          await deps.scheduler.scheduleTask({
            id: `onboarding-${source}-reconcile`,
            frequency: { minutes },
            timeout: { minutes: 5 },
            initialDelay: { minutes: 1 },
            scope: 'global',
            fn: async () => {
              if (await reconciler.reconcile()) await worker.processPending();
            },
          });
        }
        if (graphKeeper) {
          // Created at start (Graph validates the URL, so the router must be up: the first run is
          // after the initial delay) and renewed well before its 29 days run out.
          await deps.scheduler.scheduleTask({
            id: 'onboarding-graph-subscription',
            frequency: { hours: 6 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 5 },
            scope: 'global',
            fn: async () => {
              await graphKeeper.ensure();
            },
          });
        }
      },
    });
  },
});
