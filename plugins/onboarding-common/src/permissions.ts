import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading onboarding runs: who is joining or leaving, their e-mail and start date. Personal data,
 * so Runway's policy gives it to the platform team only.
 */
export const onboardingRunReadPermission = createPermission({
  name: 'onboarding.run.read',
  attributes: { action: 'read' },
});

export const onboardingPermissions = [onboardingRunReadPermission];
