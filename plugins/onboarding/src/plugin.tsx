import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import NewHiresIcon from '@material-ui/icons/PersonAdd';
import { OnboardingClient, onboardingApiRef } from './api';
import { hireRouteRef, rootRouteRef, taskRouteRef } from './routes';

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
    // The New hires list, and each hire's own page under it (/onboarding/hires/<idpUserId>).
    loader: () =>
      import('./components/OnboardingRoutes').then(m => <m.OnboardingRoutes />),
  },
});

/** A team's standup rotation, on the team's page. */
export const standupRotationCard = EntityCardBlueprint.make({
  name: 'standup-rotation',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/StandupRotationCard').then(m => (
        <m.StandupRotationCard />
      )),
  },
});

/**
 * Runway's engineer onboarding: the New hires page, each run's checklist, live; each hire's own
 * page (first-day tasks, milestones); the team's standup rotation.
 */
export const onboardingPlugin = createFrontendPlugin({
  pluginId: 'onboarding',
  title: 'New hires',
  icon: <NewHiresIcon />,
  routes: { root: rootRouteRef, hire: hireRouteRef },
  externalRoutes: { task: taskRouteRef },
  extensions: [onboardingApi, onboardingPage, standupRotationCard],
});
