/**
 * How a hire's User entity, put into the catalogue by onboarding before the organisation sync
 * knows them, is recognised: by its annotations and by where it says it comes from.
 */

/** The identity provider's user id: a re-run knows its own person by it. */
export const IDP_USER_ID_ANNOTATION = 'runway.dev/idp-user-id';
export const GITHUB_LOGIN_ANNOTATION = 'github.com/user-login';
export const MANAGER_ANNOTATION = 'runway.dev/manager';
export const BUDDY_ANNOTATION = 'runway.dev/buddy';
export const ORIGIN_LOCATION_ANNOTATION =
  'backstage.io/managed-by-origin-location';

/**
 * The origin onboarding's entity carries. One of the same name with another origin belongs to the
 * organisation sync, which has taken it over.
 */
export const onboardingUserOrigin = (idpUserId: string) =>
  `runway-onboarding:${encodeURIComponent(idpUserId)}`;
