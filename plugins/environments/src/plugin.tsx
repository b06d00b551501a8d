import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import EnvironmentsIcon from '@material-ui/icons/CloudQueue';
import { EnvironmentsClient, environmentsApiRef } from './api';
import { environmentRouteRef, rootRouteRef, templateRouteRef } from './routes';

export const environmentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EnvironmentsClient({ discoveryApi, fetchApi }),
    }),
});

export const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/EnvironmentsPage').then(m => <m.EnvironmentsPage />),
  },
});

export const environmentsEntityCard = EntityCardBlueprint.make({
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntityEnvironmentsCard').then(m => (
        <m.EntityEnvironmentsCard />
      )),
  },
});

/** The home page's card of the signed-in person's environments and their countdown. */
export const myEnvironmentsHomeWidget = HomePageWidgetBlueprint.make({
  name: 'my-environments',
  params: {
    name: 'MyEnvironments',
    title: 'My environments',
    description: 'Your live environments',
    components: () =>
      import('./components/MyEnvironmentsCard').then(m => ({
        Content: m.MyEnvironmentsCard,
      })),
  },
});

/** Runway's ephemeral environments: the Environments page, the component card, the home card. */
export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'environments',
  title: 'Environments',
  icon: <EnvironmentsIcon />,
  routes: { root: rootRouteRef, environment: environmentRouteRef },
  externalRoutes: { template: templateRouteRef },
  extensions: [
    environmentsApi,
    environmentsPage,
    environmentsEntityCard,
    myEnvironmentsHomeWidget,
  ],
});
