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
import {
  ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENT_TYPES,
  EnvironmentType,
} from '@runway/plugin-environments-common';
import { z } from 'zod';

/** What a rule sees of an environment: an existing one, or the one a create request proposes. */
export interface EnvironmentResource {
  name: string;
  type: EnvironmentType;
  /** The owner team's entity ref, e.g. `group:default/payments`. */
  ownerTeam: string;
  /** A sandbox's engineer (User entity ref): its owner in the team's place. */
  ownerUser?: string;
}

/** Rules as a query: the owners (teams, or a sandbox's engineer) and types an environment may have. */
export type EnvironmentQuery = { owners: string[] } | { types: string[] };

/** Who owns `resource`: a sandbox's engineer, else the owner team. */
export const environmentOwner = (
  resource: Pick<EnvironmentResource, 'ownerTeam' | 'ownerUser'>,
) => resource.ownerUser ?? resource.ownerTeam;

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
    'Allow environments whose owner is one of the given entity refs (usually the caller’s ownership claims): the owner team, or a sandbox’s engineer (whose team does not own it)',
  resourceRef: environmentPermissionResourceRef,
  paramsSchema: ownerParamsSchema,
  apply: (resource, { claims }) =>
    claims.map(lower).includes(lower(environmentOwner(resource))),
  toQuery: ({ claims }) => ({ owners: claims.map(lower) }),
});

const typeParamsSchema = z.object({
  types: z
    .array(z.enum(ENVIRONMENT_TYPES))
    .describe('Environment types, e.g. sandbox'),
});

const isEnvironmentType = createPermissionRule({
  name: 'IS_ENVIRONMENT_TYPE',
  description: 'Allow environments of one of the given types',
  resourceRef: environmentPermissionResourceRef,
  paramsSchema: typeParamsSchema,
  apply: (resource, { types }) => types.includes(resource.type),
  toQuery: ({ types }) => ({ types }),
});

export const environmentPermissionRules = {
  isEnvironmentOwner,
  isEnvironmentType,
};

const exported = createConditionExports({
  resourceRef: environmentPermissionResourceRef,
  rules: environmentPermissionRules,
});

/**
 * Conditions for a permission policy, e.g. `environmentConditions.isEnvironmentOwner({ claims })`
 * or `environmentConditions.isEnvironmentType({ types: ['sandbox'] })`.
 */
export const environmentConditions = exported.conditions;
export const createEnvironmentConditionalDecision =
  exported.createConditionalDecision;
