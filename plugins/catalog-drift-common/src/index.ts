/**
 * Shared by Runway's catalogue drift backend and whatever shows its problems: what a problem is,
 * and who may read them or run the check.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './problems';
