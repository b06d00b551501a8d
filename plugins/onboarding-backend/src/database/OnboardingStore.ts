/**
 * Onboarding runs in the plugin's database: one per person and direction, whichever trigger asked
 * first. A trigger's delivery and the run it asks for are written in one transaction, so a replay
 * is recognised even when the first delivery's run was already started, and a crash never keeps
 * one without the other.
 */
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { Person } from '@runway/plugin-onboarding-common';
import { RotationStore } from './RotationStore';
import { UserStore } from '../users/UserStore';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-onboarding-backend',
  'migrations',
);

export type RunKind = 'onboard' | 'offboard';
export type RunSource = 'okta' | 'graph' | 'hr' | 'form';
/**
 * received: waiting for a worker to read the person and start the task;
 * incomplete: the person lacks something the path needs (`lastError` says what);
 * started: the scaffolder task exists (`taskId`).
 */
export type RunState = 'received' | 'incomplete' | 'started';

export interface OnboardingRun {
  id: string;
  idpUserId: string;
  kind: RunKind;
  source: RunSource;
  state: RunState;
  person?: Person;
  taskId?: string;
  lastError?: string;
  attempts: number;
  createdAt: Date;
  startedAt?: Date;
}

export interface RunRequest {
  /** `<source>:<the sender's event id>`; a delivery seen before is a replay. */
  deliveryId: string;
  idpUserId: string;
  kind: RunKind;
  source: RunSource;
  /** The person, when the trigger carried them. */
  person?: Person;
}

export type RunRequestOutcome =
  | { outcome: 'replayed' }
  | { outcome: 'created'; run: OnboardingRun }
  | { outcome: 'existing'; run: OnboardingRun };

interface Row {
  id: string;
  idp_user_id: string;
  kind: RunKind;
  source: RunSource;
  state: RunState;
  person: string | null;
  task_id: string | null;
  last_error: string | null;
  attempts: number;
  cycle: number;
  created_at: Date | string;
  started_at: Date | string | null;
}

const toRun = (row: Row): OnboardingRun => ({
  id: row.id,
  idpUserId: row.idp_user_id,
  kind: row.kind,
  source: row.source,
  state: row.state,
  person: row.person ? JSON.parse(row.person) : undefined,
  taskId: row.task_id ?? undefined,
  lastError: row.last_error ?? undefined,
  attempts: row.attempts,
  createdAt: new Date(row.created_at),
  startedAt: row.started_at ? new Date(row.started_at) : undefined,
});

export class OnboardingStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<OnboardingStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new OnboardingStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** The teams' standup rotations, on the same database. */
  rotations(): RotationStore {
    return new RotationStore(this.db);
  }

  /** The hires' User entities, on the same database. */
  users(): UserStore {
    return new UserStore(this.db);
  }

  /**
   * Records a delivery and the run it asks for. A person's runs come in cycles (join, leave, join
   * again): a request of the same direction as the person's latest run belongs to that run; one
   * of the other direction starts the next. A delivery seen before is `replayed` and changes
   * nothing. A person who already has a run of this kind keeps it (`existing`); an incomplete one
   * is handed back to the workers with what this trigger carried (or to be read again from the
   * identity provider), since the person may have been fixed at the source.
   */
  async request(
    request: RunRequest,
    now: Date,
    /**
     * The scaffolder task that already runs it (a run started from the form): the new run is
     * recorded as started with it, in the same transaction, so no worker starts a second task.
     */
    startedAs?: { taskId: string },
  ): Promise<RunRequestOutcome> {
    try {
      return await this.db.transaction(async tx => {
        const seen = await tx('onboarding_deliveries')
          .where({ delivery_id: request.deliveryId })
          .first();
        if (seen) return { outcome: 'replayed' as const };
        await tx('onboarding_deliveries').insert({
          delivery_id: request.deliveryId,
          received_at: now,
        });
        // The person's runs, read once (one snapshot: two requests at the same moment compute the
        // same cycle, and the unique key lets one through). The latest run, when of this
        // direction, is the same cycle's (another event of the same hire or departure);
        // otherwise this request opens the direction's next cycle.
        const runs: Row[] = await tx('onboarding_runs')
          .where({ idp_user_id: request.idpUserId })
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'cycle', order: 'desc' },
          ]);
        const latest = runs[0];
        const existing = latest?.kind === request.kind ? latest : undefined;
        const cycle = existing
          ? existing.cycle
          : Math.max(
              -1,
              ...runs.filter(r => r.kind === request.kind).map(r => r.cycle),
            ) + 1;
        if (existing) {
          if (existing.state === 'incomplete') {
            await tx('onboarding_runs')
              .where({ id: existing.id })
              .update({
                state: 'received',
                claimed_until: null,
                // What this trigger carried, or nothing: then the worker reads the person again.
                person: request.person ? JSON.stringify(request.person) : null,
              });
            const row = await tx('onboarding_runs')
              .where({ id: existing.id })
              .first();
            return { outcome: 'existing' as const, run: toRun(row) };
          }
          return { outcome: 'existing' as const, run: toRun(existing) };
        }
        const row: Row = {
          id: randomUUID(),
          idp_user_id: request.idpUserId,
          kind: request.kind,
          source: request.source,
          state: startedAs ? 'started' : 'received',
          person: request.person ? JSON.stringify(request.person) : null,
          task_id: startedAs?.taskId ?? null,
          last_error: null,
          attempts: 0,
          cycle,
          created_at: now,
          started_at: startedAs ? now : null,
        };
        try {
          // In a savepoint: when another request made this cycle's run a moment ago, only the
          // insert is undone, and this delivery stays recorded (a later replay is refused).
          await tx.transaction(async savepoint => {
            await savepoint('onboarding_runs').insert(row);
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const made: Row | undefined = await tx('onboarding_runs')
            .where({
              idp_user_id: request.idpUserId,
              kind: request.kind,
              cycle,
            })
            .first();
          if (!made) throw error;
          return { outcome: 'existing' as const, run: toRun(made) };
        }
        return { outcome: 'created' as const, run: toRun(row) };
      });
    } catch (error) {
      // Two deliveries of the same event, or two triggers for the same person, at the same
      // moment: the unique keys let one through; the other reads what it made.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findRun(request.idpUserId, request.kind);
      const delivered = await this.db('onboarding_deliveries')
        .where({ delivery_id: request.deliveryId })
        .first();
      if (delivered && !existing) throw error;
      return existing && !delivered
        ? { outcome: 'existing', run: existing }
        : { outcome: 'replayed' };
    }
  }

  /** The direction and cycle of the person's latest run, of either direction. */
  async latestCycle(
    idpUserId: string,
  ): Promise<{ kind: RunKind; cycle: number } | undefined> {
    const row = await this.db('onboarding_runs')
      .where({ idp_user_id: idpUserId })
      .orderBy('cycle', 'desc')
      .first();
    return row && { kind: row.kind, cycle: Number(row.cycle) };
  }

  /** The person's latest run of this direction. */
  async findRun(
    idpUserId: string,
    kind: RunKind,
  ): Promise<OnboardingRun | undefined> {
    const row = await this.db('onboarding_runs')
      .where({ idp_user_id: idpUserId, kind })
      .orderBy('cycle', 'desc')
      .first();
    return row && toRun(row);
  }

  async getRun(id: string): Promise<OnboardingRun | undefined> {
    const row = await this.db('onboarding_runs').where({ id }).first();
    return row && toRun(row);
  }

  async listRuns(): Promise<OnboardingRun[]> {
    const rows: Row[] = await this.db('onboarding_runs').orderBy(
      'created_at',
      'desc',
    );
    return rows.map(toRun);
  }

  /**
   * Takes a received run for `holdMs` so no other worker (or backend) starts it too; answers
   * undefined when someone else holds it or it has moved on.
   */
  async claim(
    id: string,
    now: Date,
    holdMs: number,
  ): Promise<OnboardingRun | undefined> {
    const taken = await this.db('onboarding_runs')
      .where({ id, state: 'received' })
      .andWhere(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .update({
        claimed_until: new Date(now.getTime() + holdMs),
        attempts: this.db.raw('attempts + 1'),
      });
    return taken === 1 ? this.getRun(id) : undefined;
  }

  /** Received runs nobody holds: the workers' queue. */
  async claimable(now: Date): Promise<OnboardingRun[]> {
    const rows: Row[] = await this.db('onboarding_runs')
      .where({ state: 'received' })
      .andWhere(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .orderBy('created_at');
    return rows.map(toRun);
  }

  async markStarted(id: string, taskId: string, person: Person, now: Date) {
    await this.db('onboarding_runs')
      .where({ id })
      .update({
        state: 'started',
        task_id: taskId,
        person: JSON.stringify(person),
        last_error: null,
        claimed_until: null,
        started_at: now,
      });
  }

  async markIncomplete(id: string, problem: string, person?: Person) {
    await this.db('onboarding_runs')
      .where({ id })
      .update({
        state: 'incomplete',
        last_error: problem,
        claimed_until: null,
        ...(person && { person: JSON.stringify(person) }),
      });
  }

  /** The Graph subscription on `resource`, if Runway made one. */
  async graphSubscription(
    resource: string,
  ): Promise<{ id: string; expiresAt: Date } | undefined> {
    const row = await this.db('onboarding_graph_subscriptions')
      .where({ resource })
      .first();
    return (
      row && { id: row.subscription_id, expiresAt: new Date(row.expires_at) }
    );
  }

  async saveGraphSubscription(resource: string, id: string, expiresAt: Date) {
    await this.db('onboarding_graph_subscriptions')
      .insert({ resource, subscription_id: id, expires_at: expiresAt })
      .onConflict('resource')
      .merge();
  }

  /** A start that failed for a passing reason: the run waits for the next worker pass. */
  async releaseWithError(id: string, error: string) {
    await this.db('onboarding_runs')
      .where({ id })
      .update({ last_error: error, claimed_until: null });
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
