/** Entities whose `spec.owner` names no Group or User in the catalogue. */
import {
  ANNOTATION_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { FoundProblem } from './problem';

const OWNER_KINDS = ['group', 'user'];

const refKey = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

export function ownerProblems(entities: Entity[]): FoundProblem[] {
  const owners = new Set(
    entities
      .filter(e => OWNER_KINDS.includes(e.kind.toLocaleLowerCase('en-US')))
      .map(refKey),
  );
  const problems: FoundProblem[] = [];
  for (const entity of entities) {
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || owner.trim() === '') continue;
    const missing = missingOwner(owner, entity, owners);
    if (!missing) continue;
    const file = whereRegistered(entity);
    problems.push({
      kind: 'owner-missing',
      entityRef: stringifyEntityRef(entity),
      message: `spec.owner is "${owner}", ${missing}.`,
      fix: `Set spec.owner in ${file} to an existing team (group:default/<team>); if the team was removed by mistake, restore it in the organisation and the catalogue will pick it up.`,
    });
  }
  return problems;
}

/** Why `owner` is not an owner in the catalogue, or undefined when it is one. */
function missingOwner(
  owner: string,
  entity: Entity,
  owners: Set<string>,
): string | undefined {
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    return 'which is not an entity reference';
  }
  const full = stringifyEntityRef(ref);
  if (!OWNER_KINDS.includes(ref.kind.toLocaleLowerCase('en-US'))) {
    return `which names a ${ref.kind}, not a Group or User`;
  }
  return owners.has(full.toLocaleLowerCase('en-US'))
    ? undefined
    : `and the catalogue has no ${full}`;
}

/** The file an entity came from, for a fix that says where to edit. */
export function whereRegistered(entity: Entity): string {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  const target = location?.replace(/^(url|file):/, '');
  return target ? target : 'its catalog-info.yaml';
}
