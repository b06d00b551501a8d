import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  createFrontendPlugin,
  discoveryApiRef,
  identityApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';
import { lazyApi } from '../lazyApi';

/*
 * Roadie's Argo CD plugin, declared by Runway so that none of it is in the first page's
 * JavaScript. The package's own `/alpha` plugin imports its API client (io-ts, fp-ts) and a
 * second copy of Backstage's frontend packages (it depends on older ones) at start-up: about a
 * fifth of Runway's first-page JavaScript (docs/benchmarks.md). Here the cards and the client
 * load when a service page shows a card. app-config.yaml leaves the package out of `app.packages`; the extension
 * ids stay the package's own (`entity-card:argocd/overviewCard`, `.../historyCard`), so the
 * cards' configuration is unchanged. Its tab (`entity-content:argocd/ArgoCdPage`) is not
 * declared: Runway had turned it off, as it repeats the overview card.
 */

/** The same id as the package's `argoCDApiRef`: Backstage finds APIs by id. */
export const argoCdApiRef = createApiRef<ArgoCDApi>().with({
  id: 'plugin.argocd.service',
});

const argoCdApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argoCdApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        identityApi: identityApiRef,
        configApi: configApiRef,
      },
      factory: ({ discoveryApi, identityApi, configApi }) =>
        lazyApi(() =>
          import('@roadiehq/backstage-plugin-argo-cd').then(
            m =>
              new m.ArgoCDApiClient({
                discoveryApi,
                identityApi,
                backendBaseUrl: configApi.getString('backend.baseUrl'),
                useNamespacedApps: Boolean(
                  configApi.getOptionalBoolean('argocd.namespacedApps'),
                ),
                searchInstances: Boolean(
                  configApi.getOptionalConfigArray('argocd.appLocatorMethods')
                    ?.length,
                ),
              }),
          ),
        ),
    }),
});

const overviewCard = EntityCardBlueprint.make({
  name: 'overviewCard',
  params: {
    filter: { kind: 'component' },
    loader: () => import('./ArgoCdCards').then(m => m.overviewCard()),
  },
});

const historyCard = EntityCardBlueprint.make({
  name: 'historyCard',
  params: {
    filter: { kind: 'component' },
    loader: () => import('./ArgoCdCards').then(m => m.historyCard()),
  },
});

export const argoCdPlugin = createFrontendPlugin({
  pluginId: 'argocd',
  extensions: [argoCdApi, overviewCard, historyCard],
});
