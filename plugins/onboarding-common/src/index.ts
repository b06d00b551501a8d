/**
 * Shared by Runway's onboarding backend, its actions and its pages.
 *
 * @packageDocumentation
 */
export * from './person';
export * from './permissions';
export * from './runPerson';
export * from './firstDayTasks';
export * from './milestones';
export * from './catalogUser';
