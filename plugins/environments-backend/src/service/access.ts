/**
 * Who may do what. Reading needs a signed-in user (or a backend service) and the read permission.
 * Creating, extending and destroying need a person (a user, or a service acting on a user's behalf,
 * as the scaffolder does) in the owner team or the admin group, AND the resource permission (so a
 * policy can refuse): the policy cannot grant more than that. A service may only report activity.
 */
import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export interface Caller {
  credentials: BackstageCredentials;
  /** User or service entity ref, recorded as the actor of events. */
  actor: string;
  /** User's entity ref and groups; empty for a service. */
  ownershipRefs: string[];
  isUser: boolean;
}

export class EnvironmentAccess {
  constructor(
    private readonly deps: {
      auth: AuthService;
      httpAuth: HttpAuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      adminGroup: string;
    },
  ) {}

  async caller(req: Request): Promise<Caller> {
    const { auth, httpAuth, userInfo } = this.deps;
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (auth.isPrincipal(credentials, 'user')) {
      const info = await userInfo.getUserInfo(credentials);
      return {
        credentials,
        actor: credentials.principal.userEntityRef,
        ownershipRefs: info.ownershipEntityRefs.map(lower),
        isUser: true,
      };
    }
    const subject = auth.isPrincipal(credentials, 'service')
      ? credentials.principal.subject
      : 'unknown';
    return { credentials, actor: subject, ownershipRefs: [], isUser: false };
  }

  /** Throws 403 unless the permission policy allows `permission` (on `resourceRef`, if given). */
  async authorize(
    caller: Caller,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials: caller.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission policy does not allow ${caller.actor} ${
          permission.name
        }${resourceRef ? ` on ${resourceRef}` : ''}.`,
      );
    }
  }

  /**
   * Throws 403 unless the caller is a user in `team` or the admin group. `services: 'allowed'`
   * lets a service through (reporting activity); otherwise a service token is refused, so a
   * leaked CI token cannot create, extend or destroy anyone's environment.
   */
  requireTeamMember(
    caller: Caller,
    team: string,
    doing: string,
    services: 'allowed' | 'refused' = 'refused',
  ): void {
    if (!caller.isUser) {
      if (services === 'allowed') return;
      throw new NotAllowedError(
        `Only a person may ${doing}: ${caller.actor} is a service. A member of ${team} can do it in Runway; a backend plugin acts on behalf of that user.`,
      );
    }
    const admin = lower(this.deps.adminGroup);
    if (
      caller.ownershipRefs.includes(lower(team)) ||
      caller.ownershipRefs.includes(admin)
    ) {
      return;
    }
    throw new NotAllowedError(
      `Only members of ${team} (the owner team) or ${this.deps.adminGroup} may ${doing}; ${caller.actor} is in neither. Ask a member of ${team} to do it.`,
    );
  }
}
