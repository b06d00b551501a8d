/**
 * Turns what the form picked (services with branches, or a whole system) into what the manifests
 * need: each Component's repository, manifest folder and port from its catalog entity, and the
 * owner team's slug. Every problem names the field it came from.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { branchNameProblem } from '@runway/plugin-environments-common';
import {
  componentRepository,
  EnvironmentServiceSpec,
} from '@runway/plugin-environments-node';
import { dnsLabelProblem } from '@runway/platform-common';

const DEPLOY_PATH_ANNOTATION = 'runway.dev/deploy-path';
const SERVICE_PORT_ANNOTATION = 'runway.dev/service-port';
// The file the entity was read from (not the root Location that led there).

export interface PickedService {
  entityRef: string;
  branch?: string;
}

function ref(value: string, kind: string, field: string): string {
  try {
    const parsed = parseEntityRef(value, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    if (parsed.kind.toLocaleLowerCase('en-US') === kind) {
      return stringifyEntityRef(parsed);
    }
  } catch {
    // reported below
  }
  throw new InputError(
    `${field} must be a ${kind} entity ref like ${kind}:default/name (got ${JSON.stringify(
      value,
    )})`,
  );
}

/** A User entity ref in full and lower case (as the environments API keeps it), or an InputError naming `field`. */
export function userRefOf(value: string, field: string): string {
  return ref(value, 'user', field).toLocaleLowerCase('en-US');
}

/** The owner group's slug: its Kubernetes group is team-<slug>. `field` names the input. */
export async function ownerTeamSlug(
  catalog: CatalogService,
  owner: string,
  credentials: BackstageCredentials,
  field = 'owner',
): Promise<{ ref: string; slug: string }> {
  const groupRef = ref(owner, 'group', field);
  const group = await catalog.getEntityByRef(groupRef, { credentials });
  if (!group) {
    throw new InputError(
      `${field} ${groupRef} is not in the catalog; pick the team that owns the environment`,
    );
  }
  return { ref: groupRef, slug: group.metadata.name };
}

/**
 * The services to deploy: those picked, plus every Component of `system` not picked (on `main`),
 * each resolved in the catalog. Duplicates are refused rather than guessed between.
 */
export async function resolveServices(
  catalog: CatalogService,
  picked: PickedService[],
  system: string | undefined,
  options: { githubHost: string; credentials: BackstageCredentials },
): Promise<EnvironmentServiceSpec[]> {
  const { credentials } = options;
  const wanted = picked.map((p, i) => ({
    field: `services[${i}]`,
    entityRef: ref(p.entityRef, 'component', `services[${i}].entityRef`),
    branch: p.branch ?? 'main',
  }));
  if (system) {
    const systemRef = ref(system, 'system', 'system');
    const { items } = await catalog.getEntities(
      {
        // Libraries and the like are part of systems too, but nothing to deploy.
        filter: {
          kind: 'Component',
          'relations.partOf': systemRef,
          'spec.type': ['service', 'website'],
        },
      },
      { credentials },
    );
    if (items.length === 0) {
      throw new InputError(
        `system ${systemRef} has no Components of type service or website in the catalog; pick services instead, or a system with services`,
      );
    }
    for (const entity of items) {
      const entityRef = stringifyEntityRef(entity);
      if (!wanted.some(w => w.entityRef === entityRef)) {
        wanted.push({
          field: `system (${entityRef})`,
          entityRef,
          branch: 'main',
        });
      }
    }
  }
  if (wanted.length === 0) {
    throw new InputError(
      'services must list at least one Component, or system must name a system with Components',
    );
  }
  if (wanted.length > 50) {
    throw new InputError(
      `services: an environment runs at most 50 services (got ${wanted.length})`,
    );
  }

  const seen = new Set<string>();
  const specs: EnvironmentServiceSpec[] = [];
  for (const w of wanted) {
    const problem = branchNameProblem(w.branch);
    if (problem) throw new InputError(`${w.field}.branch: ${problem}`);
    if (seen.has(w.entityRef)) {
      throw new InputError(
        `${w.field}.entityRef ${w.entityRef} is listed twice; an environment runs each service once, from one branch`,
      );
    }
    seen.add(w.entityRef);
    const entity = await catalog.getEntityByRef(w.entityRef, { credentials });
    if (!entity) {
      throw new InputError(
        `${w.field}.entityRef ${w.entityRef} is not in the catalog; pick a registered Component`,
      );
    }
    specs.push(serviceSpec(entity, w, options.githubHost));
  }
  return specs;
}

function serviceSpec(
  entity: Entity,
  w: { field: string; entityRef: string; branch: string },
  githubHost: string,
): EnvironmentServiceSpec {
  const name = entity.metadata.name;
  const nameProblem = dnsLabelProblem(name, 63);
  if (nameProblem) {
    throw new InputError(
      `${w.field}.entityRef ${w.entityRef}: its name becomes a host name, so it must be a DNS label. ${nameProblem} Rename the Component or leave it out.`,
    );
  }
  const annotations = entity.metadata.annotations ?? {};
  const repository = componentRepository(annotations, githubHost);
  if (repository.problem !== undefined) {
    throw new InputError(
      `${w.field}.entityRef ${w.entityRef} ${repository.problem}`,
    );
  }
  const { slug } = repository;
  const path = annotations[DEPLOY_PATH_ANNOTATION] ?? 'deploy';
  if (
    !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path) ||
    path.split('/').includes('..')
  ) {
    throw new InputError(
      `${
        w.entityRef
      }'s ${DEPLOY_PATH_ANNOTATION} annotation must be a relative folder such as deploy (got ${JSON.stringify(
        path,
      )})`,
    );
  }
  const port = Number(annotations[SERVICE_PORT_ANNOTATION] ?? 80);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(
      `${
        w.entityRef
      }'s ${SERVICE_PORT_ANNOTATION} annotation must be a port number (got ${JSON.stringify(
        annotations[SERVICE_PORT_ANNOTATION],
      )})`,
    );
  }
  return {
    name,
    entityRef: w.entityRef,
    repoUrl: `https://${githubHost}/${slug}.git`,
    branch: w.branch,
    path,
    port,
  };
}
