/**
 * Runway's engineer onboarding: the New hires page (each run's checklist, live, with Retry on a
 * failed step) for the platform team.
 *
 * @packageDocumentation
 */
export { onboardingPlugin as default } from './plugin';
export * from './api';
export { hireRouteRef, rootRouteRef } from './routes';
