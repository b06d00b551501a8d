/** The identity-provider stand-in playing Microsoft Entra ID, with the part of Microsoft Graph Runway uses. */
export { EntraState, entraId, userState } from './EntraState';
export type { EntraChange, EntraUser, EntraUserState } from './EntraState';
export {
  GraphError,
  GraphSubscriptions,
  MAX_USER_SUBSCRIPTION_MINUTES,
  subscriptionJson,
} from './GraphSubscriptions';
export type {
  GraphChangeType,
  GraphDelivery,
  GraphSubscription,
} from './GraphSubscriptions';
export {
  GRAPH_DEFAULT_SCOPE,
  GraphTokens,
  createEntraTokenRouter,
  createGraphRouter,
  graphUserJson,
} from './graphRouter';
export type { EntraApp } from './graphRouter';
export { createEntraAdminRouter, entraUserJson } from './entraAdmin';

/** The devstack's tenant (runway.onboarding.graph.tenantId). */
export const DEFAULT_ENTRA_TENANT_ID = 'b1d0c5e2-7f3a-4d6b-8c9e-0d1e2f3a4b5c';
/** The app registration Runway signs in as (runway.onboarding.graph.clientId). */
export const DEFAULT_ENTRA_CLIENT_ID = '3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9';
/** Its client secret (runway.onboarding.graph.clientSecret). */
export const DEFAULT_ENTRA_CLIENT_SECRET = 'devstack-graph-client-secret';
