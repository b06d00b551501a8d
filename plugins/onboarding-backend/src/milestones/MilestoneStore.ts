/**
 * The milestones each onboarding run reached, once each. Events may repeat or arrive out of
 * order, so a milestone only ever moves forward: once reached it stays reached, and a later
 * event reporting an earlier occurrence (the first pull request, delivered late) moves its time
 * back to the earliest seen, never forward.
 */
import { MilestoneKind } from '@runway/plugin-onboarding-common';
import { Knex } from 'knex';

const TABLE = 'onboarding_milestones';

export interface ReachedMilestone {
  kind: MilestoneKind;
  reachedAt: Date;
  url?: string;
  detail?: string;
}

interface Row {
  run_id: string;
  kind: MilestoneKind;
  reached_at: Date | string | number;
  url: string | null;
  detail: string | null;
}

export class MilestoneStore {
  constructor(private readonly db: Knex) {}

  async list(runId: string): Promise<ReachedMilestone[]> {
    const rows: Row[] = await this.db(TABLE).where({ run_id: runId });
    return rows.map(row => ({
      kind: row.kind,
      reachedAt: new Date(row.reached_at),
      url: row.url ?? undefined,
      detail: row.detail ?? undefined,
    }));
  }

  /** When each run reached `kind`, by run id. */
  async reachedOf(kind: MilestoneKind): Promise<Map<string, Date>> {
    const rows: Row[] = await this.db(TABLE).where({ kind });
    return new Map(rows.map(row => [row.run_id, new Date(row.reached_at)]));
  }

  /** Records the milestone; true when it was new, or an earlier occurrence replaced the one kept. */
  async reach(
    runId: string,
    milestone: ReachedMilestone,
    now: Date,
  ): Promise<boolean> {
    const key = { run_id: runId, kind: milestone.kind };
    const values = {
      reached_at: milestone.reachedAt,
      url: milestone.url ?? null,
      detail: milestone.detail ?? null,
      recorded_at: now,
    };
    const before = await this.db(TABLE).where(key).first();
    // Two deliveries at once: the key keeps one row, and the earlier time wins below.
    await this.db(TABLE)
      .insert({ ...key, ...values })
      .onConflict(['run_id', 'kind'])
      .ignore();
    const earlier = await this.db(TABLE)
      .where(key)
      .where('reached_at', '>', milestone.reachedAt)
      .update(values);
    return !before || earlier > 0;
  }
}
