/**
 * The follow-up as the permission system sees it, and the rule Runway's policy decides with
 * ("the requester or the owner team"); the plugin registers both at start.
 */
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  FOLLOWUP_RESOURCE_TYPE,
  IS_FOLLOWUP_STAKEHOLDER_RULE,
  isFollowupStakeholder,
} from '@runway/plugin-delivery-common';
import { z } from 'zod';

export interface FollowupResource {
  id: string;
  requester: string;
  ownerTeam: string;
}

export const followupPermissionResourceRef = createPermissionResourceRef<
  FollowupResource,
  { claims: string[] }
>().with({ pluginId: 'delivery', resourceType: FOLLOWUP_RESOURCE_TYPE });

const isStakeholder = createPermissionRule({
  name: IS_FOLLOWUP_STAKEHOLDER_RULE,
  description:
    'Allow follow-ups requested by, or owned by a team of, one of the given entity refs (usually the caller’s ownership claims)',
  resourceRef: followupPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the user and the groups they belong to'),
  }),
  apply: (resource, params) => isFollowupStakeholder(resource, params),
  toQuery: ({ claims }) => ({ claims }),
});

export const followupPermissionRules = [isStakeholder];
