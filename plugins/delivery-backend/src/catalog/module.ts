/**
 * The catalogue module that annotates provisioned Components from the delivery plugin's
 * follow-ups: add it next to the delivery plugin (`backend.add(catalogModuleDeliveryAnnotations)`).
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { FOLLOWUP_APPLIED_TOPIC } from '../notify/FollowupAnnouncer';
import { DeliveryAnnotationProcessor } from './DeliveryAnnotationProcessor';
import { DeliveryApiClient } from './DeliveryApiClient';

export const catalogModuleDeliveryAnnotations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'runway-delivery-annotations',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        events: eventsServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init(deps) {
        const client = new DeliveryApiClient(deps);
        deps.catalogProcessing.addProcessor(
          new DeliveryAnnotationProcessor({ client, logger: deps.logger }),
        );
        // The delivery plugin publishes this before it asks the catalogue to refresh the entity.
        await deps.events.subscribe({
          id: 'runway-delivery-annotations',
          topics: [FOLLOWUP_APPLIED_TOPIC],
          onEvent: async event => {
            const { entityRef } = (event.eventPayload ?? {}) as {
              entityRef?: unknown;
            };
            if (typeof entityRef === 'string') client.forget(entityRef);
          },
        });
      },
    });
  },
});
