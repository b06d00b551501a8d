/**
 * Runway's read scope for the Kubernetes backend (docs/security.md).
 *
 * @packageDocumentation
 */
export { kubernetesModuleRunwayReadScope as default } from './module';
export { READABLE_KINDS, HIDDEN } from './readScope';
