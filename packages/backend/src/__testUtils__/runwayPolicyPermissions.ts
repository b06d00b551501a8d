/**
 * A permissions service that asks Runway's own policy, for backends on mock auth: each request
 * gets the decision the policy gives the caller (a conditional one is applied by the plugin, as
 * in production). Service callers are allowed, as Backstage's own client allows services without
 * access restrictions.
 */
import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RunwayPermissionPolicy } from '@runway/plugin-permission-backend-module-runway';

export function runwayPolicyPermissions(userInfo: UserInfoService) {
  const policy = new RunwayPermissionPolicy({
    platformGroup: 'group:default/platform',
    userInfo,
  });
  const decide = (
    requests: Array<{ permission: Permission }>,
    options?: { credentials: BackstageCredentials },
  ): Promise<PolicyDecision[]> =>
    Promise.all(
      requests.map(({ permission }) =>
        options?.credentials.principal &&
        (options.credentials.principal as { type: string }).type === 'user'
          ? policy.handle(
              { permission },
              {
                credentials: options.credentials,
                info: { userEntityRef: '', ownershipEntityRefs: [] },
              },
            )
          : { result: AuthorizeResult.ALLOW },
      ),
    );
  return mockServices.permissions.mock({
    authorizeConditional: decide as any,
    // A definitive answer: a conditional decision becomes a refusal here, as Backstage's
    // client would resolve it only through the permission backend.
    authorize: (async (
      requests: Array<{ permission: Permission }>,
      options?: { credentials: BackstageCredentials },
    ) =>
      (await decide(requests, options)).map(d =>
        d.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : d,
      )) as any,
  });
}
