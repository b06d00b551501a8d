import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { LIVE_ENVIRONMENT_STATES } from '@runway/plugin-environments-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  EnvironmentQuery,
  EnvironmentRecord,
  EnvironmentStore,
  NewEnvironment,
  NewEnvironmentEvent,
  PullRequestCommentKind,
  WarningKind,
} from './EnvironmentStore';
import {
  EnvironmentRow,
  EventRow,
  toEvent,
  toEventRow,
  toRecord,
  toRow,
} from './rows';

const ENVIRONMENTS = 'environments';
const EVENTS = 'environment_events';
const LIVE = [...LIVE_ENVIRONMENT_STATES];
/** States warned of expiry and torn down when it passes: a failed environment expires too. */
const EXPIRABLE = ['active', 'failed'];
/** Rows per statement when writing in bulk (well under SQLite's bound-variable limit). */
const CHUNK = 500;

const migrationsDir = resolvePackagePath(
  '@runway/plugin-environments-backend',
  'migrations',
);

type Where = (query: Knex.QueryBuilder) => void;

export class DatabaseEnvironmentStore implements EnvironmentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseEnvironmentStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseEnvironmentStore(client);
  }

  /** For the bench and tests that hold a knex client already. */
  static async fromKnex(client: Knex): Promise<DatabaseEnvironmentStore> {
    await client.migrate.latest({ directory: migrationsDir });
    return new DatabaseEnvironmentStore(client);
  }

  private readonly postgres: boolean;

  private constructor(private readonly db: Knex) {
    this.postgres = ['pg', 'postgres', 'postgresql'].includes(
      String(db.client.config.client),
    );
  }

  async insert(
    env: NewEnvironment,
    eventsOf: (record: EnvironmentRecord) => NewEnvironmentEvent[] = () => [],
  ): Promise<EnvironmentRecord | undefined> {
    const row = toRow(randomUUID(), env);
    const record = toRecord(row);
    try {
      await this.db.transaction(async trx => {
        await trx(ENVIRONMENTS).insert(row);
        const events = eventsOf(record);
        if (events.length)
          await insertValues(trx, EVENTS, events.map(toEventRow));
      });
    } catch (error) {
      // The name is taken by a live environment (or the engineer has a sandbox); the transaction
      // left nothing behind.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return record;
  }

  async getByName(name: string): Promise<EnvironmentRecord | undefined> {
    const row = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where({ name })
      .orderByRaw(
        `CASE WHEN state = 'destroyed' THEN 1 ELSE 0 END, created_at DESC`,
      )
      .first();
    return row && toRecord(row);
  }

  async liveSandboxOf(
    ownerUser: string,
  ): Promise<EnvironmentRecord | undefined> {
    const row = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where({ owner_user: ownerUser })
      .whereNot('state', 'destroyed')
      .first();
    return row && toRecord(row);
  }

  async list(query: EnvironmentQuery): Promise<EnvironmentRecord[]> {
    const rows = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .modify(q => {
        const { requestedBy } = query;
        if (requestedBy) {
          q.where(mine =>
            mine
              .where('requested_by', requestedBy)
              .orWhere('owner_user', requestedBy),
          );
        }
        if (query.ownerTeams) q.whereIn('owner_team', query.ownerTeams);
        if (query.type) q.where('type', query.type);
        if (query.ownerUser) q.where('owner_user', query.ownerUser);
        if (!query.includeDestroyed) q.whereNot('state', 'destroyed');
      })
      .orderBy('created_at', 'desc');
    return rows.map(toRecord);
  }

  async listLive(): Promise<EnvironmentRecord[]> {
    const rows = await this.db<EnvironmentRow>(ENVIRONMENTS).whereIn(
      'state',
      LIVE,
    );
    return rows.map(toRecord);
  }

  async listRunningBetween(
    from: Date,
    to: Date,
    ownerTeam?: string,
  ): Promise<EnvironmentRecord[]> {
    const rows = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where('created_at', '<', to)
      .andWhere(q =>
        q.whereNull('torn_down_at').orWhere('torn_down_at', '>', from),
      )
      .modify(q => {
        if (ownerTeam) q.where('owner_team', ownerTeam);
      })
      .orderBy('created_at');
    return rows.map(toRecord);
  }

  async extend(
    id: string,
    previous: Date,
    expiresAt: Date,
  ): Promise<EnvironmentRecord | undefined> {
    const [row] = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where({ id, expires_at: previous })
      .whereIn('state', LIVE)
      .update({
        expires_at: expiresAt,
        warned_at: null,
        state: this.db.raw(
          `CASE WHEN state = 'expiring' THEN 'active' ELSE state END`,
        ),
      })
      .returning('*');
    return row && toRecord(row);
  }

  async touch(ids: string[], at: Date): Promise<number> {
    let count = 0;
    for (const chunk of chunks(ids)) {
      count += await retryOnDeadlock(() =>
        this.db(ENVIRONMENTS)
          .whereIn('id', chunk)
          .whereIn('state', LIVE)
          .where('last_activity_at', '<', at)
          .update({ last_activity_at: at }),
      );
    }
    return count;
  }

  claimWarnings(options: {
    now: Date;
    warnBefore: Date;
    limit: number;
    abandonedBefore?: Date;
  }) {
    // Already expired ones too: they are not torn down before a warning reached their owners.
    // A claim older than `abandonedBefore` that recorded no warning died with its sweep (a crash
    // between claim and record): it is claimed again, or the environment would never be warned.
    // A sandbox has no expiry (NULL), so it is never warned.
    const due: Where = q =>
      q
        .whereIn('state', EXPIRABLE)
        .whereNotNull('expires_at')
        .andWhere(w =>
          w
            .whereNull('warned_at')
            .orWhere(stale =>
              stale
                .where('warned_at', '<', options.abandonedBefore ?? new Date(0))
                .whereNotExists(this.warnedEvent('expiry')),
            ),
        )
        .where('expires_at', '<=', options.warnBefore);
    return this.claim(due, options.limit, { warned_at: options.now });
  }

  claimIdleWarnings(options: {
    now: Date;
    idleSince: Date;
    limit: number;
    abandonedBefore?: Date;
  }) {
    const due: Where = q =>
      q
        .where('type', 'feature')
        .whereIn('state', LIVE)
        .where('last_activity_at', '<=', options.idleSince)
        .andWhere(w =>
          w
            .whereNull('idle_warned_at')
            .orWhere('idle_warned_at', '<', this.db.ref('last_activity_at'))
            // As for expiry: a claim that died before its warning was recorded.
            .orWhere(stale =>
              stale
                .where(
                  'idle_warned_at',
                  '<',
                  options.abandonedBefore ?? new Date(0),
                )
                .whereNotExists(this.warnedEvent('idle')),
            ),
        );
    return this.claim(due, options.limit, { idle_warned_at: options.now });
  }

  claimWarnedTeardowns(options: {
    now: Date;
    idleBefore: Date;
    warnedBefore: Date;
    idleWarnedBefore: Date;
    limit: number;
  }) {
    const { now, idleBefore, warnedBefore, idleWarnedBefore } = options;
    const expired: Where = q =>
      q
        .whereNotNull('expires_at')
        .where('expires_at', '<=', now)
        .whereIn('state', ['expiring', 'failed'])
        .where('warned_at', '<=', warnedBefore)
        .whereExists(this.warnedEvent('expiry'));
    const idle: Where = q =>
      q
        .where('type', 'feature')
        .where('last_activity_at', '<=', idleBefore)
        .where('idle_warned_at', '>=', this.db.ref('last_activity_at'))
        .where('idle_warned_at', '<=', idleWarnedBefore)
        .whereExists(this.warnedEvent('idle'));
    const due: Where = q =>
      q.whereIn('state', LIVE).andWhere(w => w.where(expired).orWhere(idle));
    return this.claim(due, options.limit, {
      state: 'tearing-down',
      teardown_started_at: now,
      teardown_reason: this.db.raw(
        `CASE WHEN state IN ('expiring', 'failed') AND expires_at <= ? AND warned_at <= ? THEN 'expired' ELSE 'idle' END`,
        [now, warnedBefore],
      ),
    });
  }

  async recordWarnings(
    kind: WarningKind,
    claimedAt: Date,
    events: NewEnvironmentEvent[],
  ): Promise<void> {
    const ids = events.map(e => e.environmentId);
    await retryOnDeadlock(() =>
      this.db.transaction(async trx => {
        for (const chunk of chunks(ids)) {
          if (kind === 'expiry') {
            await trx(ENVIRONMENTS)
              .whereIn('id', chunk)
              .where({ state: 'active', warned_at: claimedAt })
              .update({ state: 'expiring' });
          }
        }
        for (const chunk of chunks(events)) {
          await insertValues(trx, EVENTS, chunk.map(toEventRow));
        }
      }),
    );
  }

  async releaseWarnings(
    kind: WarningKind,
    claimedAt: Date,
    ids: string[],
  ): Promise<void> {
    const column = kind === 'expiry' ? 'warned_at' : 'idle_warned_at';
    for (const chunk of chunks(ids)) {
      await retryOnDeadlock(() =>
        this.db(ENVIRONMENTS)
          .whereIn('id', chunk)
          .where(column, claimedAt)
          .modify(q => {
            if (kind === 'expiry') q.whereIn('state', EXPIRABLE);
          })
          .update({ [column]: null }),
      );
    }
  }

  /** The delivered warning a claim at `warned_at` (or `idle_warned_at`) led to. */
  private warnedEvent(kind: WarningKind) {
    const column = kind === 'expiry' ? 'warned_at' : 'idle_warned_at';
    // Idle warnings say so in their details; both kinds may be claimed in the same sweep.
    const idleDetails = '%"reason":"idle"%';
    return (q: Knex.QueryBuilder) =>
      q
        .select(this.db.raw('1'))
        .from(EVENTS)
        .where(`${EVENTS}.environment_id`, this.db.ref(`${ENVIRONMENTS}.id`))
        .where(`${EVENTS}.type`, 'warned')
        .where(`${EVENTS}.at`, this.db.ref(`${ENVIRONMENTS}.${column}`))
        .where(
          `${EVENTS}.details`,
          kind === 'idle' ? 'like' : 'not like',
          idleDetails,
        );
  }

  reclaimStalledTeardowns(options: {
    now: Date;
    startedBefore: Date;
    limit: number;
  }) {
    const stalled: Where = q =>
      q
        .where('state', 'tearing-down')
        .where('teardown_started_at', '<=', options.startedBefore);
    return this.claim(stalled, options.limit, {
      teardown_started_at: options.now,
    });
  }

  async markReady(
    id: string,
    event: NewEnvironmentEvent,
  ): Promise<EnvironmentRecord | undefined> {
    return retryOnDeadlock(() =>
      this.db.transaction(async trx => {
        const [row] = await trx<EnvironmentRow>(ENVIRONMENTS)
          .where({ id, state: 'provisioning' })
          .update({ state: 'active', pr_comment_due: this.commentDue('ready') })
          .returning('*');
        if (!row) return undefined;
        await insertValues(trx, EVENTS, [toEventRow(event)]);
        return toRecord(row);
      }),
    );
  }

  async markFailed(
    id: string,
    reason: string,
    event: NewEnvironmentEvent,
  ): Promise<EnvironmentRecord | undefined> {
    return retryOnDeadlock(() =>
      this.db.transaction(async trx => {
        const [row] = await trx<EnvironmentRow>(ENVIRONMENTS)
          .where({ id, state: 'provisioning' })
          .update({
            state: 'failed',
            failure_reason: reason,
            pr_comment_due: this.commentDue('failed'),
          })
          .returning('*');
        if (!row) return undefined;
        await insertValues(trx, EVENTS, [toEventRow(event)]);
        return toRecord(row);
      }),
    );
  }

  /** The comment a verdict calls for: only when there is a pull request to post it on. */
  private commentDue(kind: PullRequestCommentKind) {
    return this.db.raw(
      `CASE WHEN pull_request_url IS NULL THEN NULL ELSE ? END`,
      [kind],
    );
  }

  async listAwaitingHealth(limit: number): Promise<EnvironmentRecord[]> {
    const rows = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where({ state: 'provisioning', ready_when_healthy: true })
      .orderBy('created_at')
      .limit(limit);
    return rows.map(toRecord);
  }

  async listCommentsDue(limit: number): Promise<EnvironmentRecord[]> {
    const rows = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .whereNotNull('pr_comment_due')
      .whereIn('state', LIVE)
      .orderBy('created_at')
      .limit(limit);
    return rows.map(toRecord);
  }

  async claimComment(
    id: string,
    kind: PullRequestCommentKind,
  ): Promise<boolean> {
    const count = await retryOnDeadlock(() =>
      this.db(ENVIRONMENTS)
        .where({ id, pr_comment_due: kind })
        .update({ pr_comment_due: null }),
    );
    return count === 1;
  }

  async releaseComment(
    id: string,
    kind: PullRequestCommentKind,
  ): Promise<void> {
    await retryOnDeadlock(() =>
      this.db(ENVIRONMENTS)
        .where({ id })
        .whereNull('pr_comment_due')
        .update({ pr_comment_due: kind }),
    );
  }

  async claimAbandonedProvisioning(options: {
    now: Date;
    createdBefore: Date;
    limit: number;
    eventsOf: (env: EnvironmentRecord) => NewEnvironmentEvent[];
  }): Promise<EnvironmentRecord[]> {
    const { now, createdBefore, limit, eventsOf } = options;
    const stale: Where = q =>
      q.where('state', 'provisioning').where('created_at', '<=', createdBefore);
    return retryOnDeadlock(() =>
      this.db.transaction(async trx => {
        const due = trx(ENVIRONMENTS).select('id').where(stale).limit(limit);
        if (this.postgres) due.forUpdate().skipLocked();
        const rows: EnvironmentRow[] = await trx(ENVIRONMENTS)
          .whereIn('id', due)
          .andWhere(stale)
          .update({
            state: 'tearing-down',
            teardown_started_at: now,
            teardown_reason: 'provisioning',
          })
          .returning('*');
        const records = rows.map(toRecord);
        const events = records.flatMap(eventsOf);
        for (const chunk of chunks(events)) {
          await insertValues(trx, EVENTS, chunk.map(toEventRow));
        }
        return records;
      }),
    );
  }

  async claimTeardown(
    id: string,
    now: Date,
  ): Promise<EnvironmentRecord | undefined> {
    const [row] = await this.db<EnvironmentRow>(ENVIRONMENTS)
      .where({ id })
      .whereIn('state', LIVE)
      .update({
        state: 'tearing-down',
        teardown_started_at: now,
        teardown_reason: 'requested',
      })
      .returning('*');
    return row && toRecord(row);
  }

  async recordTeardowns(
    destroyedIds: string[],
    at: Date,
    events: NewEnvironmentEvent[],
  ): Promise<void> {
    // A deadlock aborts the whole transaction, so the whole transaction is what is run again.
    await retryOnDeadlock(() =>
      this.db.transaction(async trx => {
        for (const chunk of chunks(destroyedIds)) {
          await trx(ENVIRONMENTS)
            .whereIn('id', chunk)
            .where('state', 'tearing-down')
            .update({ state: 'destroyed', torn_down_at: at });
        }
        for (const chunk of chunks(events)) {
          await insertValues(trx, EVENTS, chunk.map(toEventRow));
        }
      }),
    );
  }

  async addEvents(events: NewEnvironmentEvent[]): Promise<void> {
    for (const chunk of chunks(events)) {
      await insertValues(this.db, EVENTS, chunk.map(toEventRow));
    }
  }

  async events(environmentId: string) {
    const rows = await this.db<EventRow>(EVENTS)
      .where('environment_id', environmentId)
      .orderBy([{ column: 'at' }, { column: 'id' }]);
    return rows.map(toEvent);
  }

  /**
   * One UPDATE changes the due rows and returns them. Only rows still matching `where` change,
   * so a concurrent claimer (another replica) gets the others. On PostgreSQL the rows are chosen
   * `FOR UPDATE SKIP LOCKED`: a claim never waits for rows another statement holds, so it cannot
   * deadlock with that statement (waiting, then re-checking a row, would keep it locked). SQLite
   * has one writer.
   */
  private async claim(
    where: Where,
    limit: number,
    patch: Record<string, unknown>,
  ): Promise<EnvironmentRecord[]> {
    const due = this.db(ENVIRONMENTS).select('id').where(where).limit(limit);
    if (this.postgres) due.forUpdate().skipLocked();
    const rows: EnvironmentRow[] = await retryOnDeadlock(() =>
      this.db(ENVIRONMENTS)
        .whereIn('id', due)
        .andWhere(where)
        .update(patch)
        .returning('*'),
    );
    return rows.map(toRecord);
  }
}

/**
 * Runs a conditional bulk UPDATE again when PostgreSQL aborted it to break a deadlock (SQLSTATE
 * 40P01): every such statement re-checks its condition, so running it again is safe.
 */
async function retryOnDeadlock<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      const deadlock = (error as { code?: string })?.code === '40P01';
      if (!deadlock || attempt === 3) throw error;
    }
  }
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    result.push(items.slice(i, i + CHUNK));
  }
  return result;
}

/**
 * INSERT ... VALUES (...), (...): knex writes multi-row inserts for SQLite as UNION ALL selects,
 * which cost the lifecycle sweep several times more on large batches.
 */
async function insertValues(db: Knex, table: string, rows: object[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await db.raw(
    `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${rows
      .map(() => tuple)
      .join(', ')}`,
    [
      table,
      ...columns,
      ...rows.flatMap(row =>
        columns.map(c => (row as Record<string, unknown>)[c] as Knex.Value),
      ),
    ],
  );
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  // PostgreSQL unique_violation; better-sqlite3's extended result code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
