import { createApiRef } from '@backstage/frontend-plugin-api';
import { DriftKind, DriftReport } from '@runway/plugin-catalog-drift-common';

export type {
  DriftKind,
  DriftProblem,
  DriftReport,
} from '@runway/plugin-catalog-drift-common';

/** What `POST /api/catalog-drift/check` answers: the run's counts and the report after it. */
export interface DriftCheckResult extends DriftReport {
  /** Entities the run looked at. */
  entities: number;
  /** Components GitHub could not answer for; their previous problems were kept. */
  undecided: number;
}

/** What the Catalogue drift page reads and does; both are the platform team's (403 for others). */
export interface CatalogDriftApi {
  /** The last run's problems, optionally of one kind. */
  getProblems(options?: { kind?: DriftKind }): Promise<DriftReport>;
  /** Runs the check now (joining a run already going) and answers its outcome. */
  runCheck(): Promise<DriftCheckResult>;
}

export const catalogDriftApiRef = createApiRef<CatalogDriftApi>().with({
  id: 'plugin.catalog-drift.api',
  pluginId: 'catalog-drift',
});
