import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading onboarding runs: who is joining or leaving, their e-mail and start date. Personal data,
 * so Runway's policy gives it to the platform team only.
 */
export const onboardingRunReadPermission = createPermission({
  name: 'onboarding.run.read',
  attributes: { action: 'read' },
});

/**
 * Changing a team's standup rotation by hand. The onboarding and offboarding steps change it as
 * Runway's own service; Runway's policy gives people this to the platform team only.
 */
export const standupRotationUpdatePermission = createPermission({
  name: 'onboarding.rotation.update',
  attributes: { action: 'update' },
});

/**
 * One onboarding run as a permission resource (its resource ref: the run's id), so a policy can
 * decide per run: Runway's lets the hire themselves open their own new-hire page.
 */
export const ONBOARDING_RUN_RESOURCE_TYPE = 'onboarding-run';

/**
 * Reading one hire's page: their onboarding run, first-day tasks and milestones. Runway's policy
 * gives it to the platform team, and to the hire for their own run (`IS_RUN_PERSON`).
 */
export const newHirePageReadPermission = createPermission({
  name: 'onboarding.hire.read',
  attributes: { action: 'read' },
  resourceType: ONBOARDING_RUN_RESOURCE_TYPE,
});

/** Ticking a first-day task off (or back on) on a hire's page: the hire, and the platform team. */
export const firstDayTaskUpdatePermission = createPermission({
  name: 'onboarding.hire.task.update',
  attributes: { action: 'update' },
  resourceType: ONBOARDING_RUN_RESOURCE_TYPE,
});

export const onboardingPermissions = [
  onboardingRunReadPermission,
  standupRotationUpdatePermission,
  newHirePageReadPermission,
  firstDayTaskUpdatePermission,
];
