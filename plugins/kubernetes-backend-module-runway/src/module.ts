import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  kubernetesFetcherExtensionPoint,
  kubernetesObjectsProviderExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { scopeFetcher, scopeObjectsProvider } from './readScope';

/**
 * Makes Kubernetes reads through an entity safe for every signed-in person (docs/security.md):
 * workload kinds only, the entity's own kubernetes-id only, env values hidden.
 */
export const kubernetesModuleRunwayReadScope = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'runway-read-scope',
  register(reg) {
    reg.registerInit({
      deps: {
        fetchers: kubernetesFetcherExtensionPoint,
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
      },
      async init({ fetchers, objectsProviders }) {
        fetchers.addFetcher(async ({ getDefault }) =>
          scopeFetcher(await getDefault()),
        );
        objectsProviders.addObjectsProvider(async ({ getDefault }) =>
          scopeObjectsProvider(await getDefault()),
        );
      },
    });
  },
});
