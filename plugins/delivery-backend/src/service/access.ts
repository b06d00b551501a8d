/**
 * Who may do what is Runway's permission policy's to decide; this file only asks it. Reading
 * follow-ups asks `delivery.followup.read` once per request: ALLOW shows all, a conditional
 * decision (Runway's: `IS_FOLLOWUP_STAKEHOLDER` with the caller's claims) is applied to each
 * follow-up with the rule this plugin registers, DENY refuses. Recording a follow-up is the
 * new-service golden path's step, which runs as Runway's scaffolder: no person and no other
 * service may record one (a forged follow-up would send messages to anyone).
 */
import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { followupReadPermission } from '@runway/plugin-delivery-common';
import { Request } from 'express';
import { FollowupRecord } from '../database/FollowupStore';
import { followupPermissionResourceRef } from './permissions';

/** The subject of Runway's scaffolder calling as itself, which the golden path's step does. */
export const RUNWAY_SCAFFOLDER = 'plugin:scaffolder';

export class FollowupAccess {
  private readonly isAllowedOn: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: FollowupRecord,
  ) => boolean;

  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      permissionsRegistry: PermissionsRegistryService;
    },
  ) {
    this.isAllowedOn = createConditionAuthorizer(
      deps.permissionsRegistry.getPermissionRuleset(
        followupPermissionResourceRef,
      ),
    );
  }

  /** The scaffolder's credentials; anyone else is refused (403). */
  async recorder(req: Request): Promise<BackstageCredentials> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const principal = credentials.principal as {
      type: string;
      subject?: string;
      userEntityRef?: string;
    };
    if (
      principal.type !== 'service' ||
      principal.subject !== RUNWAY_SCAFFOLDER
    ) {
      throw new NotAllowedError(
        `Only the new-service golden path records follow-ups (Runway's scaffolder, ${RUNWAY_SCAFFOLDER}); ${
          principal.userEntityRef ?? principal.subject ?? 'this caller'
        } may read them only.`,
      );
    }
    return credentials;
  }

  /** The follow-ups, of `followups`, the caller may read; 403 when they may read none at all. */
  async readable(
    req: Request,
    followups: FollowupRecord[],
  ): Promise<FollowupRecord[]> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: followupReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `The permission policy does not allow reading provisioning follow-ups (${followupReadPermission.name}). Ask the platform team.`,
      );
    }
    return followups.filter(f => this.isAllowedOn(decision, f));
  }
}
