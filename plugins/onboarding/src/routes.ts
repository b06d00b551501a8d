import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The New hires page: every onboarding and offboarding run with its checklist. */
export const rootRouteRef = createRouteRef();

/** One hire's page (`/onboarding/hires/<idpUserId>`), which the welcome e-mail links to. */
export const hireRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/hires/:idpUserId',
});

/** A scaffolder task's page (`/create/tasks/<taskId>`): a run's full log. */
export const taskRouteRef = createExternalRouteRef({
  params: ['taskId'],
  defaultTarget: 'scaffolder.ongoingTask',
});
