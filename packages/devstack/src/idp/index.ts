/** The identity-provider stand-in, playing Okta (and, in ./entra, Entra ID with Microsoft Graph). */
export {
  IdpError,
  OktaState,
  SEEDED_AT,
  oktaUserJson,
  readHireInput,
} from './OktaState';
export type {
  HireInput,
  OktaChange,
  OktaProfile,
  OktaStateOptions,
  OktaUser,
  OktaUserStatus,
} from './OktaState';
export { OktaEventHook, oktaId } from './eventHook';
export type {
  OktaDelivery,
  OktaHookSettings,
  OktaLifecycleEvent,
} from './eventHook';
export { createIdpAdminRouter, createOktaApiRouter } from './oktaRouter';
export { createIdpWebRouter } from './idpPage';
export { SearchError, parseSearch } from './search';

/** Runway's own address for Okta's event hook, when it runs with `yarn start`. */
export const DEFAULT_OKTA_HOOK_URL =
  'http://localhost:7007/api/onboarding/okta/hook';
/** The event hook's header secret (runway.onboarding.okta.hookSecret). */
export const DEFAULT_OKTA_HOOK_SECRET = 'devstack-okta-hook-secret';
/** The header the secret is sent in (runway.onboarding.okta.hookHeader's default). */
export const DEFAULT_OKTA_HOOK_HEADER = 'Authorization';
/** The Users API token Runway presents as `SSWS <token>` (runway.onboarding.okta.apiToken). */
export const DEFAULT_OKTA_API_TOKEN = 'devstack-okta-token';
