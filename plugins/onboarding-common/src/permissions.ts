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

export const onboardingPermissions = [
  onboardingRunReadPermission,
  standupRotationUpdatePermission,
];
