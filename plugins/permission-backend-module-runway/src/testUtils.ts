/**
 * For tests of backends on mock auth: a permissions service answering as Runway's policy does,
 * so a plugin's own handling of conditional decisions is what is tested. A user's request gets
 * the policy's decision (a conditional one for `authorizeConditional`, to be applied by the
 * plugin; refused for `authorize`, which only the permission backend resolves). Services are
 * allowed, as Backstage's client allows a service without access restrictions. Wrap it with
 * `mockServices.permissions.mock(...)`.
 *
 * @packageDocumentation
 */
import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RunwayPermissionPolicy } from './RunwayPermissionPolicy';

export function runwayPolicyPermissions(
  userInfo: UserInfoService,
  platformGroup = 'group:default/platform',
  /** Where people's User entities are read (their e-mail), as the policy's module does. */
  users?: ConstructorParameters<typeof RunwayPermissionPolicy>[0]['users'],
): PermissionsService {
  const policy = new RunwayPermissionPolicy({ platformGroup, userInfo, users });
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
  return {
    authorizeConditional: decide as PermissionsService['authorizeConditional'],
    authorize: (async (requests, options) =>
      (await decide(requests, options)).map(decision =>
        decision.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : decision,
      )) as PermissionsService['authorize'],
  };
}
