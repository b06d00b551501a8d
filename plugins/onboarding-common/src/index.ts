/**
 * Shared by Runway's onboarding backend, its actions and its pages.
 *
 * @packageDocumentation
 */
export * from './person';
export * from './permissions';
