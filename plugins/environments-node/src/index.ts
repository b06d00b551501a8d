/**
 * Runway's environments (ephemeral ones and engineers' sandboxes), for backend code: the manifests
 * an environment is made of (one function per kind), how they are delivered and torn down (GitOps
 * or direct, chosen once from config), the labels that mark its resources, its quotas and lifetime
 * rules, the teardown extension point of the environments plugin, and a client of its API.
 *
 * @packageDocumentation
 */
export * from './labels';
export * from './rules';
export * from './manifests';
export * from './delivery';
export * from './kubernetes';
export * from './gitops';
export * from './extensions';
export * from './permissions';
export * from './api/EnvironmentsApiClient';
export * from './pullRequest';
export * from './health';
export * from './repositoryOrigin';
