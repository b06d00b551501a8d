/**
 * Runway's ephemeral environments, for backend code: the labels that mark an environment's
 * resources, how its manifests are delivered (GitOps or direct), and the two deliveries' writes.
 *
 * @packageDocumentation
 */
export * from './labels';
export * from './delivery';
export * from './kubernetes';
export * from './gitops';
export * from './rules';
