/**
 * Runway's ephemeral environments backend: leases, lifecycle and cost showback.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export { environmentsTeardownExtensionPoint } from './extensions';
export type { EnvironmentsTeardownExtensionPoint } from './extensions';
export type { Teardown } from './lifecycle/teardown';
export type { EnvironmentRecord } from './database/EnvironmentStore';
export { environmentsClockServiceRef } from './clock';
export type { Clock } from './clock';
