export * from './EnvironmentDelivery';
export * from './settings';
export { GitopsDelivery } from './GitopsDelivery';
export type { GitopsDeliveryOptions } from './GitopsDelivery';
export { DirectDelivery } from './DirectDelivery';
export { createEnvironmentDelivery } from './createEnvironmentDelivery';
