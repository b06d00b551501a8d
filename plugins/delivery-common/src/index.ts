/**
 * Shared by Runway's delivery backend, Runway's permission policy and pages: what a provisioning
 * follow-up is, the annotations it leaves on a Component, and who may read it.
 *
 * @packageDocumentation
 */
export * from './followups';
export * from './permissions';
