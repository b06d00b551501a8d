/**
 * Runway's measured impact: the playbook's before/after table computed live from the records
 * Runway's plugins keep, and the deployments GitHub reports.
 *
 * @packageDocumentation
 */
export { impactPlugin as default } from './plugin';
