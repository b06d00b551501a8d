import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The New hires page: every onboarding and offboarding run with its checklist. */
export const rootRouteRef = createRouteRef();

/** A scaffolder task's page (`/create/tasks/<taskId>`): a run's full log. */
export const taskRouteRef = createExternalRouteRef({
  params: ['taskId'],
  defaultTarget: 'scaffolder.ongoingTask',
});
