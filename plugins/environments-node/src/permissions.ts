/**
 * The environment as the permission system sees it, and the rules a policy may use to decide
 * conditionally ("members of the owner team may destroy it"). The environments backend registers
 * the resource type with these rules; Runway's permission policy builds its decisions from them.
 */
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { ENVIRONMENT_RESOURCE_TYPE } from '@runway/plugin-environments-common';
import { z } from 'zod';

/** What a rule sees of an environment: an existing one, or the one a create request proposes. */
export interface EnvironmentResource {
  name: string;
  /** The owner team's entity ref, e.g. `group:default/payments`. */
  ownerTeam: string;
}

/** Rules as a query: the owner teams an environment may have. */
export type EnvironmentQuery = { ownerTeams: string[] };

export const environmentPermissionResourceRef = createPermissionResourceRef<
  EnvironmentResource,
  EnvironmentQuery
>().with({ pluginId: 'environments', resourceType: ENVIRONMENT_RESOURCE_TYPE });

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

// Zod 4: a Standard Schema that converts to JSON Schema, as the permission framework asks.
const ownerParamsSchema = z.object({
  claims: z
    .array(z.string())
    .describe('Entity refs, e.g. the user and the groups they belong to'),
});

const isEnvironmentOwner = createPermissionRule({
  name: 'IS_ENVIRONMENT_OWNER',
  description:
    'Allow environments whose owner team is one of the given entity refs (usually the caller’s ownership claims)',
  resourceRef: environmentPermissionResourceRef,
  paramsSchema: ownerParamsSchema,
  apply: (resource, { claims }) =>
    claims.map(lower).includes(lower(resource.ownerTeam)),
  toQuery: ({ claims }) => ({ ownerTeams: claims.map(lower) }),
});

export const environmentPermissionRules = { isEnvironmentOwner };

const exported = createConditionExports({
  resourceRef: environmentPermissionResourceRef,
  rules: environmentPermissionRules,
});

/** Conditions for a permission policy, e.g. `environmentConditions.isEnvironmentOwner({ claims })`. */
export const environmentConditions = exported.conditions;
export const createEnvironmentConditionalDecision =
  exported.createConditionalDecision;
