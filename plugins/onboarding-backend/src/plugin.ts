import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { onboardingPermissions } from '@runway/plugin-onboarding-common';
import { OnboardingStore } from './database/OnboardingStore';
import { createRouter } from './router';
import { OktaDirectory } from './runs/OktaDirectory';
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
      },
      async init(deps) {
        const settings = readOnboardingSettings(deps.config);
        const store = await OnboardingStore.create(deps);
        deps.permissionsRegistry.addPermissions(onboardingPermissions);
        const api = settings.okta?.api;
        const worker = new OnboardingWorker({
          store,
          directory:
            api &&
            new OktaDirectory({
              ...api,
              attributes: settings.okta!.profileAttributes,
            }),
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
          }),
        );
        // Okta and HR systems have no Backstage token: these routes check their own secrets.
        for (const path of ['/okta/hook', '/hr/events']) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        await deps.scheduler.scheduleTask({
          id: 'onboarding-start-received',
          frequency: { seconds: settings.workerIntervalSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 10 },
          fn: () => worker.processPending(),
        });
      },
    });
  },
});
