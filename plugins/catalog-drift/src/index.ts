/**
 * Runway's catalogue drift page: the entities whose owner, repository or catalog-info.yaml is gone,
 * each with its fix, and the check run on demand, for the platform team.
 *
 * @packageDocumentation
 */
export { catalogDriftPlugin as default } from './plugin';
export * from './api';
export { rootRouteRef } from './routes';
