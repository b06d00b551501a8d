import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

type CatalogApi = typeof catalogApiRef.T;

/** The kinds a new service's name must not collide with (runway:service:prepare checks the same). */
export const SERVICE_NAME_KINDS = [
  'Component',
  'API',
  'Resource',
  'System',
  'Domain',
];

/** The catalogue entity that already holds a name. */
export interface TakenName {
  entityRef: CompoundEntityRef;
  /** The owner as a full entity ref (`group:default/payments`), when the entity names one. */
  owner?: string;
}

/** The entity in namespace `default` of one of SERVICE_NAME_KINDS named `name`, if any. */
export async function findTakenName(
  catalogApi: CatalogApi,
  name: string,
): Promise<TakenName | undefined> {
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: SERVICE_NAME_KINDS,
      'metadata.namespace': 'default',
      'metadata.name': name,
    },
    fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
    limit: 1,
  });
  const entity = items[0];
  if (!entity) return undefined;
  const entityRef = {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  return {
    entityRef,
    owner: ownerRef(entity.spec?.owner, entityRef.namespace),
  };
}

/** `payments-api is already in the catalogue (Component, owned by group:default/payments) — choose another name` */
export function takenNameMessage({ entityRef, owner }: TakenName): string {
  return `${entityRef.name} ${takenNameReason({ entityRef, owner })}`;
}

/** The message after the name, for places that render the name themselves (as a link). */
export function takenNameReason({ entityRef, owner }: TakenName): string {
  const what = owner ? `${entityRef.kind}, owned by ${owner}` : entityRef.kind;
  return `is already in the catalogue (${what}) — choose another name`;
}

function ownerRef(owner: unknown, namespace: string): string | undefined {
  if (typeof owner !== 'string' || owner === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return owner; // an owner the catalogue accepted but we cannot parse: show it as written
  }
}
