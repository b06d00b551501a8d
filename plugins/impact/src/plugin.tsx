import {
  PageBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
// Dashboard: an icon the first page already loads, so the sidebar entry costs no icon of its own.
import ImpactIcon from '@material-ui/icons/Dashboard';
import { rootRouteRef, templateRouteRef } from './routes';

export const impactPage = PageBlueprint.make({
  params: {
    path: '/impact',
    routeRef: rootRouteRef,
    loader: () => import('./components/ImpactPage').then(m => <m.ImpactPage />),
  },
});

/** The home page's golden paths, each with its measured median time and a way in. */
export const goldenPathsHomeWidget = HomePageWidgetBlueprint.make({
  name: 'golden-paths',
  params: {
    name: 'GoldenPaths',
    title: 'Golden paths',
    description: 'Golden paths, timed',
    components: () =>
      import('./components/GoldenPathsCard').then(m => ({
        Content: m.GoldenPathsCard,
      })),
  },
});

/** Runway's measured impact: the Impact page and the home page's golden-path cards. */
export const impactPlugin = createFrontendPlugin({
  pluginId: 'impact',
  title: 'Impact',
  icon: <ImpactIcon />,
  routes: { root: rootRouteRef },
  externalRoutes: { template: templateRouteRef },
  extensions: [impactPage, goldenPathsHomeWidget],
});
