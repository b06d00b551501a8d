import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readGithubSettings } from '@runway/platform-node';
import { impactPermissions } from '@runway/plugin-impact-common';
import { DeploymentStore } from './deployments/DeploymentStore';
import {
  GITHUB_DEPLOYMENT_STATUS_TOPIC,
  createDeploymentHandler,
} from './deployments/deploymentWebhook';
import { RunwayRecords } from './records/RunwayRecords';
import { createRouter } from './service/router';
import { readBefore } from './settings';

/** Wiring only: Runway's measured impact (src/records gathers, impact-common computes). */
export const impactPlugin = createBackendPlugin({
  pluginId: 'impact',
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
        events: eventsServiceRef,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const before = readBefore(deps.config);
        deps.permissionsRegistry.addPermissions(impactPermissions);
        const deployments = await DeploymentStore.create(deps);
        await deps.events.subscribe({
          id: 'impact-deployments',
          topics: [GITHUB_DEPLOYMENT_STATUS_TOPIC],
          onEvent: createDeploymentHandler({
            store: deployments,
            org: readGithubSettings(deps.config).org,
            logger: deps.logger,
          }),
        });
        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            catalog: deps.catalog,
            permissions: deps.permissions,
            records: new RunwayRecords({ ...deps, deployments }),
            before,
          }),
        );
      },
    });
  },
});
