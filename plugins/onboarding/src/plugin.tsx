import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import NewHiresIcon from '@material-ui/icons/PersonAdd';
import { OnboardingClient, onboardingApiRef } from './api';
import { rootRouteRef, taskRouteRef } from './routes';

export const onboardingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: onboardingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OnboardingClient({ discoveryApi, fetchApi }),
    }),
});

export const onboardingPage = PageBlueprint.make({
  params: {
    path: '/onboarding',
    title: 'New hires',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/NewHiresPage').then(m => <m.NewHiresPage />),
  },
});

/** Runway's engineer onboarding: the New hires page, each run's checklist, live. */
export const onboardingPlugin = createFrontendPlugin({
  pluginId: 'onboarding',
  title: 'New hires',
  icon: <NewHiresIcon />,
  routes: { root: rootRouteRef },
  externalRoutes: { task: taskRouteRef },
  extensions: [onboardingApi, onboardingPage],
});
