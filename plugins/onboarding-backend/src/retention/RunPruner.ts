/**
 * Retention: deliveries and finished runs older than `runway.onboarding.retentionDays` are
 * deleted, with the runs' first-day tasks and milestones. Each person's latest run of each
 * direction (their latest cycle) is kept however old: offboarding reads who the person was from
 * their onboarding, and the next cycle is numbered after it. A run still waiting to start is
 * never deleted.
 */
import { Knex } from 'knex';

const DAY_MS = 86_400_000;
/** Rows per DELETE ... WHERE IN, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;
/** Run states that are over for Runway: the task exists, or the person was never complete. */
const FINISHED = ['started', 'incomplete'];

export interface PruneResult {
  runs: number;
  deliveries: number;
}

export class RunPruner {
  constructor(
    private readonly db: Knex,
    private readonly retentionDays: number,
  ) {}

  async prune(now: Date): Promise<PruneResult> {
    const cutoff = new Date(now.getTime() - this.retentionDays * DAY_MS);
    return this.db.transaction(async tx => {
      const runIds: string[] = await tx('onboarding_runs as r')
        .where('r.created_at', '<', cutoff)
        .whereIn('r.state', FINISHED)
        // A later cycle of the same person and direction exists: this one is not their latest.
        .whereExists(q =>
          q
            .select(tx.raw('1'))
            .from('onboarding_runs as later')
            .whereRaw('later.idp_user_id = r.idp_user_id')
            .whereRaw('later.kind = r.kind')
            .whereRaw('later.cycle > r.cycle'),
        )
        .pluck('r.id');
      for (let i = 0; i < runIds.length; i += CHUNK) {
        const chunk = runIds.slice(i, i + CHUNK);
        await tx('onboarding_first_day_tasks')
          .whereIn('run_id', chunk)
          .delete();
        await tx('onboarding_milestones').whereIn('run_id', chunk).delete();
        await tx('onboarding_runs').whereIn('id', chunk).delete();
      }
      const deliveries = await tx('onboarding_deliveries')
        .where('received_at', '<', cutoff)
        .delete();
      return { runs: runIds.length, deliveries };
    });
  }
}
