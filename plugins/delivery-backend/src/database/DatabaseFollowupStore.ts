import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  FOLLOWUP_PREDECESSORS,
  FollowupState,
  NewFollowupRequest,
  UNAPPLIED_FOLLOWUP_STATES,
} from '@runway/plugin-delivery-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  FollowupEvent,
  FollowupQuery,
  FollowupRecord,
  FollowupStore,
  Happening,
  Outcome,
} from './FollowupStore';
import {
  FollowupEventRow,
  FollowupRow,
  toEvent,
  toEventRow,
  toRecord,
  toRow,
} from './rows';

const FOLLOWUPS = 'followups';
const EVENTS = 'followup_events';
const DELIVERIES = 'followup_deliveries';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

const lower = (value: string) => value.toLocaleLowerCase('en-US');

export class DatabaseFollowupStore implements FollowupStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseFollowupStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseFollowupStore(client);
  }

  private readonly postgres: boolean;

  private constructor(private readonly db: Knex) {
    this.postgres = ['pg', 'postgres', 'postgresql'].includes(
      String(db.client.config.client),
    );
  }

  async record(
    request: NewFollowupRequest,
    now: Date,
  ): Promise<{ followup: FollowupRecord; created: boolean }> {
    const row = toRow(randomUUID(), request, now);
    const created = await this.db.transaction(async trx => {
      const inserted = await trx(FOLLOWUPS)
        .insert(row)
        .onConflict(['platform_config_repo', 'pr_number'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) return false;
      await trx(EVENTS).insert(
        toEventRow(row.id, {
          at: now,
          type: 'recorded',
          details: { taskId: request.taskId, requester: row.requester },
        }),
      );
      return true;
    });
    const followup = await this.byPullRequest(
      row.platform_config_repo,
      row.pr_number,
    );
    return { followup: followup!, created };
  }

  async get(id: string): Promise<FollowupRecord | undefined> {
    const row = await this.db<FollowupRow>(FOLLOWUPS).where({ id }).first();
    return row && toRecord(row);
  }

  async list(query: FollowupQuery = {}): Promise<FollowupRecord[]> {
    const rows = await this.db<FollowupRow>(FOLLOWUPS)
      .modify(q => {
        if (query.state) q.where({ state: query.state });
        if (query.entityRef) q.where({ entity_ref: lower(query.entityRef) });
      })
      .orderBy('created_at', 'desc')
      .orderBy('id');
    return rows.map(toRecord);
  }

  async byPullRequest(
    platformConfigRepo: string,
    prNumber: number,
  ): Promise<FollowupRecord | undefined> {
    const row = await this.db<FollowupRow>(FOLLOWUPS)
      .where({
        platform_config_repo: lower(platformConfigRepo),
        pr_number: prNumber,
      })
      .first();
    return row && toRecord(row);
  }

  async byCommit(
    platformConfigRepo: string,
    sha: string,
    branches: string[],
  ): Promise<FollowupRecord[]> {
    const rows = await this.db<FollowupRow>(FOLLOWUPS)
      .where({ platform_config_repo: lower(platformConfigRepo) })
      .andWhere(q => {
        q.where({ head_sha: sha });
        if (branches.length) q.orWhereIn('branch', branches);
      });
    return rows.map(toRecord);
  }

  async setHeadSha(id: string, sha: string): Promise<void> {
    await this.db(FOLLOWUPS).where({ id }).update({ head_sha: sha });
  }

  async apply(
    id: string,
    happening: Happening,
    deliveryId: string | undefined,
    now: Date,
  ): Promise<Outcome> {
    return this.db.transaction(async trx => {
      const current = await trx<FollowupRow>(FOLLOWUPS)
        .where({ id })
        .modify(q => {
          if (this.postgres) q.forUpdate();
        })
        .first();
      if (!current) throw new NotFoundError(`No follow-up ${id}`);
      if (deliveryId) {
        const inserted = await trx(DELIVERIES)
          .insert({
            delivery_id: deliveryId,
            followup_id: id,
            received_at: now,
          })
          .onConflict(['delivery_id', 'followup_id'])
          .ignore()
          .returning('delivery_id');
        if (inserted.length === 0) {
          return { result: 'replay', followup: toRecord(current) } as const;
        }
      }
      const to: FollowupState = happening.kind;
      const from = current.state as FollowupState;
      const moved =
        (await trx(FOLLOWUPS)
          .where({ id })
          .whereIn('state', FOLLOWUP_PREDECESSORS[to])
          .update({
            state: to,
            updated_at: now,
            ...facts(happening),
          })) > 0;
      const noted = moved ? 0 : await noteFact(trx, id, happening, now);
      if (moved || noted > 0) {
        await trx(EVENTS).insert(
          toEventRow(id, {
            at: now,
            type: happening.kind,
            deliveryId,
            details: {
              ...detailsOf(happening),
              ...(moved ? { from, to } : { state: from }),
            },
          }),
        );
      }
      const after = toRecord(
        (await trx<FollowupRow>(FOLLOWUPS).where({ id }).first())!,
      );
      return moved
        ? ({ result: 'moved', from, followup: after } as const)
        : ({ result: 'recorded', followup: after } as const);
    });
  }

  async claimNotification(id: string, now: Date): Promise<boolean> {
    const claimed = await this.db(FOLLOWUPS)
      .where({ id, state: 'applied' })
      .whereNull('notified_at')
      .update({ notified_at: now });
    return claimed > 0;
  }

  async releaseNotification(id: string): Promise<void> {
    await this.db(FOLLOWUPS).where({ id }).update({ notified_at: null });
  }

  async listUnnotified(): Promise<FollowupRecord[]> {
    const rows = await this.db<FollowupRow>(FOLLOWUPS)
      .where({ state: 'applied' })
      .whereNull('notified_at');
    return rows.map(toRecord);
  }

  async listDueReminders(
    openedBefore: Date,
    remindedBefore: Date,
  ): Promise<FollowupRecord[]> {
    const rows = await this.db<FollowupRow>(FOLLOWUPS)
      .whereIn('state', UNAPPLIED_FOLLOWUP_STATES)
      .where('created_at', '<=', openedBefore)
      .where(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<=', remindedBefore),
      )
      .orderBy('created_at');
    return rows.map(toRecord);
  }

  async claimReminder(
    id: string,
    remindedBefore: Date,
    now: Date,
  ): Promise<number | undefined> {
    return this.db.transaction(async trx => {
      const claimed = await trx(FOLLOWUPS)
        .where({ id })
        .whereIn('state', UNAPPLIED_FOLLOWUP_STATES)
        .where(q =>
          q
            .whereNull('last_reminded_at')
            .orWhere('last_reminded_at', '<=', remindedBefore),
        )
        .update({
          last_reminded_at: now,
          reminders: trx.raw('reminders + 1'),
        });
      if (claimed === 0) return undefined;
      const row = await trx<FollowupRow>(FOLLOWUPS).where({ id }).first();
      await trx(EVENTS).insert(
        toEventRow(id, {
          at: now,
          type: 'reminded',
          details: { reminder: Number(row!.reminders) },
        }),
      );
      return Number(row!.reminders);
    });
  }

  async addEvent(id: string, event: FollowupEvent): Promise<void> {
    await this.db(EVENTS).insert(toEventRow(id, event));
  }

  async events(id: string): Promise<FollowupEvent[]> {
    const rows = await this.db<FollowupEventRow>(EVENTS)
      .where({ followup_id: id })
      .orderBy('id');
    return rows.map(toEvent);
  }
}

/** The columns a happening sets when it moves the state. */
function facts(happening: Happening): Partial<FollowupRow> {
  switch (happening.kind) {
    case 'merged':
      return {
        merged_at: happening.at,
        ...(happening.headSha && { head_sha: happening.headSha }),
      };
    case 'applied':
      return { applied_at: happening.at };
    case 'apply-failed':
      return {
        apply_failed_at: happening.at,
        apply_failure: happening.reason,
      };
    case 'closed':
      return { closed_at: happening.at };
    default:
      return {};
  }
}

/**
 * A happening that does not move the state may still be news: the merge of an applied pull
 * request (its time), or a newer failed apply of one that failed before. Anything else is old.
 */
async function noteFact(
  trx: Knex.Transaction,
  id: string,
  happening: Happening,
  now: Date,
): Promise<number> {
  const row = trx(FOLLOWUPS).where({ id });
  switch (happening.kind) {
    case 'merged':
      return row.whereNull('merged_at').update({
        merged_at: happening.at,
        updated_at: now,
      });
    case 'apply-failed':
      return row
        .where({ state: 'apply-failed' })
        .update({ ...facts(happening), updated_at: now });
    default:
      return 0;
  }
}

function detailsOf(happening: Happening): Record<string, unknown> {
  const { kind, at, ...rest } = happening;
  return { happenedAt: at.toISOString(), ...rest };
}
