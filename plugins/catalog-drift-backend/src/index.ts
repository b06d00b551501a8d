/**
 * Runway's catalogue drift backend: a scheduled check that every owner exists and every
 * Component's repository still exists and carries its catalog-info.yaml, and its API.
 *
 * @packageDocumentation
 */
export { catalogDriftPlugin as default } from './plugin';
