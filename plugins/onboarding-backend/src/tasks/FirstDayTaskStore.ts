/**
 * Each hire's first-day tasks, ticked off on their page. A run's list is a copy of the configured
 * tasks made the first time it is read, so a later change of the config does not rewrite (or
 * untick) a hire's list; ticking is idempotent: a task ticked twice keeps its first time.
 */
import { FirstDayTask } from '@runway/plugin-onboarding-common';
import { Knex } from 'knex';

const TABLE = 'onboarding_first_day_tasks';

interface Row {
  run_id: string;
  position: number;
  title: string;
  done_at: Date | string | number | null;
  done_by: string | null;
}

const toTask = (row: Row): FirstDayTask => ({
  position: Number(row.position),
  title: row.title,
  ...(row.done_at !== null && {
    doneAt: new Date(row.done_at).toISOString(),
    doneBy: row.done_by ?? undefined,
  }),
});

export class FirstDayTaskStore {
  constructor(private readonly db: Knex) {}

  /** The run's tasks in order; the first read copies `configured` into the run. */
  async list(runId: string, configured: string[]): Promise<FirstDayTask[]> {
    const rows = await this.rows(runId);
    if (rows.length > 0 || configured.length === 0) return rows.map(toTask);
    // Two first reads at once copy the same list; the key keeps one of each.
    await this.db(TABLE)
      .insert(
        configured.map((title, position) => ({
          run_id: runId,
          position,
          title,
          done_at: null,
          done_by: null,
        })),
      )
      .onConflict(['run_id', 'position'])
      .ignore();
    return (await this.rows(runId)).map(toTask);
  }

  /**
   * Ticks the task off (`done`) or opens it again; undefined when the run has no task at
   * `position`. Ticking a ticked task changes nothing (it keeps who and when).
   */
  async set(
    runId: string,
    position: number,
    done: boolean,
    by: string,
    now: Date,
  ): Promise<{ task: FirstDayTask; changed: boolean } | undefined> {
    const where = { run_id: runId, position };
    const changed = done
      ? await this.db(TABLE)
          .where(where)
          .whereNull('done_at')
          .update({ done_at: now, done_by: by })
      : await this.db(TABLE)
          .where(where)
          .whereNotNull('done_at')
          .update({ done_at: null, done_by: null });
    const row: Row | undefined = await this.db(TABLE).where(where).first();
    return row && { task: toTask(row), changed: changed > 0 };
  }

  private rows(runId: string): Promise<Row[]> {
    return this.db(TABLE).where({ run_id: runId }).orderBy('position');
  }
}
