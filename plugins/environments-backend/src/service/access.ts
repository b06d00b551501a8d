/**
 * Who may do what is Runway's permission policy's to decide: this file only asks it. Reading asks
 * the read permission. Creating, extending and destroying ask a resource permission with the
 * environment (or the one a create request proposes) as the resource; a policy answers ALLOW,
 * DENY or a conditional decision (Runway's: "the owner team's members"), which is evaluated here
 * with the rules this plugin registers. Those changes also need a person — a user, or a plugin
 * acting on a user's behalf as the scaffolder does — so a service token may only report activity.
 * One exception, for sandboxes only: Runway's scaffolder acting as itself, which it does only for a
 * task a backend plugin started (an onboarding or offboarding run), may make and tear down an
 * engineer's sandbox. Services never reach a permission policy (Backstage allows them), so this
 * line is drawn here.
 */
import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  EnvironmentResource,
  environmentPermissionResourceRef,
} from '@runway/plugin-environments-node';
import { Request } from 'express';
import { CatalogLookup } from '../catalog/CatalogLookup';

/**
 * Which services may go on to the permission policy: none (`refused`: a leaked token cannot
 * create, extend or destroy), any (`allowed`: reporting activity), or Runway's scaffolder alone
 * (`scaffolder`: an onboarding run's sandbox).
 */
export type ServiceCallers = 'allowed' | 'refused' | 'scaffolder';

/**
 * The subject of Runway's scaffolder acting as itself. It does so only for tasks a backend plugin
 * started as a service (onboarding's runs): a person's task acts on that person's behalf.
 */
export const RUNWAY_SCAFFOLDER = 'plugin:scaffolder';

export interface Caller {
  credentials: BackstageCredentials;
  /** User or service entity ref, recorded as the actor of events. */
  actor: string;
  /** The user's entity ref and groups (for "my team's" lists); empty for a service. */
  ownershipRefs: string[];
  isUser: boolean;
}

export class EnvironmentAccess {
  private readonly isAllowedOn: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: EnvironmentResource,
  ) => boolean;

  private readonly catalog: CatalogLookup;

  constructor(
    private readonly deps: {
      auth: AuthService;
      httpAuth: HttpAuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      permissionsRegistry: PermissionsRegistryService;
      /** What the caller may see of the catalogue is what they may deploy. */
      catalog: CatalogService;
    },
  ) {
    this.catalog = new CatalogLookup(deps);
    this.isAllowedOn = createConditionAuthorizer(
      deps.permissionsRegistry.getPermissionRuleset(
        environmentPermissionResourceRef,
      ),
    );
  }

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
        ownershipRefs: info.ownershipEntityRefs.map(ref =>
          ref.toLocaleLowerCase('en-US'),
        ),
        isUser: true,
      };
    }
    const subject = auth.isPrincipal(credentials, 'service')
      ? credentials.principal.subject
      : 'unknown';
    return { credentials, actor: subject, ownershipRefs: [], isUser: false };
  }

  /** Of `entityRefs`, those that are no catalogue Component the caller can see. */
  async missingComponents(
    caller: Caller,
    entityRefs: string[],
  ): Promise<string[]> {
    return this.catalog.missingComponents(entityRefs, caller.credentials);
  }

  /** Throws 403 unless the permission policy allows the basic `permission`. */
  async authorize(caller: Caller, permission: BasicPermission): Promise<void> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials: caller.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission policy does not allow ${caller.actor} ${permission.name}. Ask the platform team (runway.permissions.platformGroup) for access.`,
      );
    }
  }

  /**
   * Throws 403 unless the policy allows `permission` on `environment`. `services` says which
   * services go on to the policy ({@link ServiceCallers}); any other is refused first, so a leaked
   * CI token cannot create, extend or destroy anyone's environment.
   */
  async authorizeOn(
    caller: Caller,
    permission: ResourcePermission,
    environment: EnvironmentResource,
    doing: string,
    services: ServiceCallers = 'refused',
  ): Promise<void> {
    const serviceLetThrough =
      services === 'allowed' ||
      (services === 'scaffolder' && caller.actor === RUNWAY_SCAFFOLDER);
    if (!caller.isUser && !serviceLetThrough) {
      throw new NotAllowedError(
        services === 'scaffolder'
          ? `Only a person, or Runway's onboarding run, may ${doing}: ${caller.actor} is another service.`
          : `Only a person may ${doing}: ${caller.actor} is a service. A member of ${environment.ownerTeam} can do it in Runway; a backend plugin acts on behalf of that user.`,
      );
    }
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials: caller.credentials },
    );
    if (!this.isAllowedOn(decision, environment)) {
      throw new NotAllowedError(
        environment.ownerUser
          ? `The permission policy does not allow ${caller.actor} to ${doing} (${permission.name}; a sandbox of ${environment.ownerUser}). Onboarding makes an engineer's sandbox; ask ${environment.ownerUser} or the platform team.`
          : `The permission policy does not allow ${caller.actor} to ${doing} (${permission.name}; owner team ${environment.ownerTeam}). Ask a member of ${environment.ownerTeam} or the platform team.`,
      );
    }
  }
}
