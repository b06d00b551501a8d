import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import DriftIcon from '@material-ui/icons/LinkOff';
import { CatalogDriftClient, catalogDriftApiRef } from './api';
import { rootRouteRef } from './routes';

export const catalogDriftApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogDriftApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CatalogDriftClient({ discoveryApi, fetchApi }),
    }),
});

export const catalogDriftPage = PageBlueprint.make({
  params: {
    path: '/catalog-drift',
    title: 'Catalogue drift',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CatalogDriftPage').then(m => <m.CatalogDriftPage />),
  },
});

/**
 * Runway's catalogue drift: the entities whose owner, repository or catalog-info.yaml is gone,
 * with the fix for each, for the platform team.
 */
export const catalogDriftPlugin = createFrontendPlugin({
  pluginId: 'catalog-drift',
  title: 'Catalogue drift',
  icon: <DriftIcon />,
  routes: { root: rootRouteRef },
  extensions: [catalogDriftApi, catalogDriftPage],
});
