/**
 * Shared by Runway's impact backend, its page and Runway's permission policy: the records measured
 * impact is computed from, the computation and its formulas, and who may read it.
 *
 * @packageDocumentation
 */
export * from './goldenPaths';
export * from './permissions';
export * from './records';
export * from './report';
