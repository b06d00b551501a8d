/**
 * Runway's delivery backend: a golden path's Terraform pull request followed to its apply
 * (webhooks, the requester told once, reminders), and the catalogue module that annotates the
 * provisioned Component.
 *
 * @packageDocumentation
 */
export { deliveryPlugin as default } from './plugin';
export { catalogModuleDeliveryAnnotations } from './catalog/module';
export { deliveryClockServiceRef } from './clock';
export type { Clock } from './clock';
