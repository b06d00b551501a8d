/** One run of the drift check: the whole catalogue read once, then owners and repositories. */
import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CheckOutcome } from './problem';
import { ownerProblems } from './ownerProblems';
import {
  RepositoryCheckOptions,
  repositoryProblems,
} from './repositoryProblems';

export interface DriftCheckOptions extends RepositoryCheckOptions {
  catalog: CatalogService;
  auth: AuthService;
}

/** What the check reads of each entity. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.lifecycle',
];

export async function runDriftCheck(
  options: DriftCheckOptions,
): Promise<CheckOutcome> {
  const { items } = await options.catalog.getEntities(
    { fields: FIELDS },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const repositories = await repositoryProblems(items, options);
  return {
    problems: [...ownerProblems(items), ...repositories.problems],
    undecided: repositories.undecided,
    reasons: repositories.reasons,
    entities: items.length,
  };
}
