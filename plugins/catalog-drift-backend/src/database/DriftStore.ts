/**
 * The drift check's results in the plugin's database. Each run's findings are written in one
 * transaction: found again keeps its first sighting, new starts now, gone is deleted, and a
 * problem the run could not decide is left as it was.
 */
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DriftKind, DriftReport } from '@runway/plugin-catalog-drift-common';
import { Knex } from 'knex';
import { CheckOutcome, problemKey, undecidedEntities } from '../check/problem';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-catalog-drift-backend',
  'migrations',
);

const PROBLEMS = 'catalog_drift_problems';
const CHECKS = 'catalog_drift_checks';

interface ProblemRow {
  kind: DriftKind;
  entity_ref: string;
  message: string;
  fix: string;
  first_seen_at: Date | string | number;
  last_seen_at: Date | string | number;
}

/** The stored reasons; a row written before they were kept has none. */
const reasonsOf = (stored: string | null | undefined): string[] =>
  stored ? JSON.parse(stored) : [];

const iso = (value: Date | string | number) => new Date(value).toISOString();

export class DriftStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DriftStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DriftStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Records one run's outcome, finished at `now`. */
  async record(outcome: CheckOutcome, now: Date): Promise<void> {
    await this.db.transaction(async tx => {
      for (const p of outcome.problems) {
        await tx<ProblemRow>(PROBLEMS)
          .insert({
            kind: p.kind,
            entity_ref: p.entityRef,
            message: p.message,
            fix: p.fix,
            first_seen_at: now,
            last_seen_at: now,
          })
          .onConflict(['kind', 'entity_ref'])
          .merge(['message', 'fix', 'last_seen_at']);
      }
      const keep = new Set([
        ...outcome.problems.map(problemKey),
        ...outcome.undecided,
      ]);
      const rows = await tx<ProblemRow>(PROBLEMS).select('kind', 'entity_ref');
      for (const row of rows) {
        if (keep.has(problemKey({ kind: row.kind, entityRef: row.entity_ref })))
          continue;
        await tx(PROBLEMS)
          .where({ kind: row.kind, entity_ref: row.entity_ref })
          .delete();
      }
      const undecided = undecidedEntities(outcome);
      await tx(CHECKS)
        .insert({
          id: 'latest',
          checked_at: now,
          entities: outcome.entities,
          undecided,
          undecided_reasons: JSON.stringify(outcome.reasons),
        })
        .onConflict('id')
        .merge(['checked_at', 'entities', 'undecided', 'undecided_reasons']);
    });
  }

  /** The problems found, oldest first, optionally of one kind. */
  async report(filter: { kind?: DriftKind } = {}): Promise<DriftReport> {
    const query = this.db<ProblemRow>(PROBLEMS)
      .select()
      .orderBy([
        { column: 'first_seen_at' },
        { column: 'kind' },
        { column: 'entity_ref' },
      ]);
    if (filter.kind) query.where({ kind: filter.kind });
    // One snapshot: a run finishing between two reads would pair its time with older problems.
    const [rows, check] = await this.db.transaction(async tx => [
      await query.transacting(tx),
      await tx(CHECKS).where({ id: 'latest' }).first(),
    ]);
    return {
      checkedAt: check ? iso(check.checked_at) : undefined,
      undecided: check ? Number(check.undecided) : 0,
      undecidedReasons: reasonsOf(check?.undecided_reasons),
      problems: rows.map(row => ({
        kind: row.kind,
        entityRef: row.entity_ref,
        message: row.message,
        fix: row.fix,
        firstSeenAt: iso(row.first_seen_at),
        lastSeenAt: iso(row.last_seen_at),
      })),
    };
  }
}
