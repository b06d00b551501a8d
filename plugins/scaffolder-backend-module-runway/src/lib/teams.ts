/**
 * Teams as Runway's golden paths need them: a Group of the catalogue with a cost center (for cost
 * tags) and, optionally, a Slack channel, a standup usergroup and a time zone. Shared by the
 * new-service and onboarding actions, so both refuse a team the same way.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

export const SLACK_CHANNEL_ANNOTATION = 'runway.dev/slack-channel';
export const COST_CENTER_ANNOTATION = 'runway.dev/cost-center';
export const STANDUP_USERGROUP_ANNOTATION = 'runway.dev/standup-usergroup';
export const TIME_ZONE_ANNOTATION = 'runway.dev/time-zone';

/** The Group `ref` names (kind group by default), or an InputError naming `field`. */
export async function findTeam(
  catalog: CatalogService,
  ref: string,
  credentials: BackstageCredentials,
  field = 'owner',
): Promise<Entity> {
  let parsed;
  try {
    parsed = parseEntityRef(ref, { defaultKind: 'group' });
  } catch {
    throw new InputError(
      `${field} ${JSON.stringify(
        ref,
      )} is not an entity reference; pick a team such as group:default/payments.`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'group')
    throw new InputError(
      `${field} ${JSON.stringify(ref)} is a ${
        parsed.kind
      }; the ${field} must be a team (a Group).`,
    );
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: [stringifyEntityRef(parsed)] },
    { credentials },
  );
  const [group] = items;
  if (!group)
    throw new InputError(
      `${field} ${stringifyEntityRef(
        parsed,
      )} is not in the catalogue; pick an existing team.`,
    );
  return group;
}

/** The team's cost center, or an InputError saying who adds it. */
export function costCenterOf(team: Entity, field = 'owner'): string {
  const costCenter = team.metadata.annotations?.[COST_CENTER_ANNOTATION];
  if (!costCenter)
    throw new InputError(
      `${field} ${stringifyEntityRef(
        team,
      )} has no ${COST_CENTER_ANNOTATION} annotation, which Runway needs for cost tags; ask the platform team to add it to the group in the org catalogue.`,
    );
  return costCenter;
}
