/**
 * Runway's engineer onboarding backend: the identity provider's and HR system's requests, one
 * run per person, each started as the golden path's scaffolder task.
 *
 * @packageDocumentation
 */
export { onboardingPlugin as default } from './plugin';
export { signHrRequest } from './triggers/hrWebhook';
export { catalogModuleOnboardingUsers } from './catalog/module';
