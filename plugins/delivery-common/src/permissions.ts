/**
 * Who may read provisioning follow-ups is Runway's permission policy's to decide. Reading is a
 * resource permission (resource type `delivery-followup`, resource ref the follow-up's id) so a
 * policy can answer conditionally; Runway's: the platform team all, anyone else those they
 * requested or their team owns (`IS_FOLLOWUP_STAKEHOLDER`). Plain data here, so the policy and the
 * backend share one wording without a backend-only package (as onboarding's run rule does).
 */
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
  createPermission,
} from '@backstage/plugin-permission-common';

export const FOLLOWUP_RESOURCE_TYPE = 'delivery-followup';

export const followupReadPermission = createPermission({
  name: 'delivery.followup.read',
  attributes: { action: 'read' },
  resourceType: FOLLOWUP_RESOURCE_TYPE,
});

export const deliveryPermissions = [followupReadPermission];

export const IS_FOLLOWUP_STAKEHOLDER_RULE = 'IS_FOLLOWUP_STAKEHOLDER';

/** The caller's ownership claims: their User entity ref and their groups' refs. */
export type FollowupStakeholderParams = { claims: string[] };

export type FollowupCondition = PermissionCondition<
  typeof FOLLOWUP_RESOURCE_TYPE,
  FollowupStakeholderParams
>;

export const followupConditions = {
  /** The follow-up's requester or its owner team is one of `claims` (case does not matter). */
  isFollowupStakeholder: (
    params: FollowupStakeholderParams,
  ): FollowupCondition => ({
    rule: IS_FOLLOWUP_STAKEHOLDER_RULE,
    resourceType: FOLLOWUP_RESOURCE_TYPE,
    params: { claims: params.claims.map(lower) },
  }),
};

/** A conditional decision on a follow-up, for the delivery plugin to evaluate. */
export function createFollowupConditionalDecision(
  permission: ResourcePermission<typeof FOLLOWUP_RESOURCE_TYPE>,
  conditions: PermissionCriteria<FollowupCondition>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'delivery',
    resourceType: permission.resourceType,
    conditions,
  };
}

/** The rule itself, for the backend to register and tests to share. */
export function isFollowupStakeholder(
  followup: { requester: string; ownerTeam: string },
  params: FollowupStakeholderParams,
): boolean {
  const claims = params.claims.map(lower);
  return (
    claims.includes(lower(followup.requester)) ||
    claims.includes(lower(followup.ownerTeam))
  );
}

function lower(ref: string) {
  return ref.toLocaleLowerCase('en-US');
}
