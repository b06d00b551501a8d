/**
 * Runway's ephemeral environments: the Environments page (time left, cost, extend, keep alive,
 * destroy) and the card of the environments that run a component.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export * from './api';
export { environmentRouteRef, rootRouteRef } from './routes';
