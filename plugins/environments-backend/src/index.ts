/**
 * Runway's ephemeral environments backend: leases, lifecycle and cost showback.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export type { EnvironmentRecord } from './database/EnvironmentStore';
export { environmentsClockServiceRef } from './clock';
export type { Clock } from './clock';
