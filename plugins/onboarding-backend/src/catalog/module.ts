/**
 * The catalogue module that shows onboarding's hires as User entities at once: add it next to the
 * onboarding plugin (`backend.add(catalogModuleOnboardingUsers)`).
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { USERS_CHANGED_TOPIC } from '../users/router';
import { OnboardingUserProvider } from './OnboardingUserProvider';

export const catalogModuleOnboardingUsers = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'runway-onboarding-users',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const provider = new OnboardingUserProvider(deps);
        deps.catalogProcessing.addEntityProvider(provider);
        await deps.events.subscribe({
          id: 'runway-onboarding-users',
          topics: [USERS_CHANGED_TOPIC],
          onEvent: () => provider.refresh(),
        });
        // The events bus is the fast path; this catches a missed event and fills the catalogue
        // after a restart (the onboarding plugin may start after the catalogue).
        await deps.scheduler.scheduleTask({
          id: 'runway-onboarding-users-refresh',
          frequency: { minutes: 1 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          scope: 'local',
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
