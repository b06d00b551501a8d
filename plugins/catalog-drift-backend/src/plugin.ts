import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogDriftPermissions } from '@runway/plugin-catalog-drift-common';
import { runDriftCheck } from './check/DriftCheck';
import { DriftStore } from './database/DriftStore';
import { DriftRunner } from './service/DriftRunner';
import { createRouter } from './service/router';
import { readCatalogDriftSettings } from './settings';

/** Wiring only: src/check (what drift is), src/database (what was found, when), src/service (API). */
export const catalogDriftPlugin = createBackendPlugin({
  pluginId: 'catalog-drift',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const settings = readCatalogDriftSettings(deps.config);
        const integrations = ScmIntegrations.fromConfig(deps.config);
        const store = await DriftStore.create(deps);
        deps.permissionsRegistry.addPermissions(catalogDriftPermissions);
        const runner = new DriftRunner({
          store,
          logger: deps.logger,
          check: () =>
            runDriftCheck({
              catalog: deps.catalog,
              auth: deps.auth,
              integrations,
              github: settings.github,
              logger: deps.logger,
              concurrency: settings.concurrency,
              rateLimitReserve: settings.rateLimitReserve,
            }),
        });
        deps.httpRouter.use(
          createRouter({
            store,
            runner,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
        if (settings.enabled) {
          await deps.scheduler.scheduleTask({
            id: 'catalog-drift-check',
            frequency: { minutes: settings.intervalMinutes },
            timeout: { minutes: 15 },
            // After the catalogue's first processing pass, so a fresh start reports no false drift.
            initialDelay: { minutes: 2 },
            scope: 'global',
            fn: async () => {
              await runner.run();
            },
          });
        }
      },
    });
  },
});
