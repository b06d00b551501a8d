/**
 * The hires' User entities, kept in the onboarding plugin's database until the organisation sync
 * knows them: one per identity-provider user, one person per GitHub login. Registering again
 * updates the entity (a team change); retiring keeps the row, marked, for the offboarding report.
 */
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { UserEntity, UserRegistration, userEntity } from './userEntity';

const TABLE = 'onboarding_catalog_users';

export type RegisteredUserState = 'registered' | 'adopted' | 'retired';

export interface RegisteredUser {
  idpUserId: string;
  entity: UserEntity;
  state: RegisteredUserState;
  updatedAt: Date;
}

function fromRow(row: any): RegisteredUser {
  return {
    idpUserId: row.idp_user_id,
    entity: JSON.parse(row.entity),
    state: row.state,
    updatedAt: new Date(row.updated_at),
  };
}

export class UserStore {
  constructor(private readonly db: Knex) {}

  /**
   * Registers (or updates) the person's entity. A login registered for another person who is
   * still registered is a ConflictError naming them, and nothing is written.
   */
  async register(
    registration: UserRegistration,
    now: Date,
  ): Promise<{ user: RegisteredUser; changed: boolean }> {
    const keys = {
      login_key: registration.login.toLocaleLowerCase('en-US'),
      email_key: registration.email.toLocaleLowerCase('en-US'),
    };
    const json = JSON.stringify(userEntity(registration));
    try {
      return await this.upsert(registration.idpUserId, keys, json, now);
    } catch (error) {
      // Another person's registration of the same login won the race (the unique index).
      if (isDatabaseConflictError(error)) {
        throw new ConflictError(
          `login or email: ${registration.login} (${registration.email}) was registered for another person a moment ago; check the person in the identity provider`,
        );
      }
      throw error;
    }
  }

  private upsert(
    idpUserId: string,
    keys: { login_key: string; email_key: string },
    json: string,
    now: Date,
  ) {
    return this.db.transaction(async tx => {
      for (const [key, field] of [
        ['login_key', 'login'],
        ['email_key', 'email'],
      ] as const) {
        const holder = await tx(TABLE)
          .where({ [key]: keys[key], state: 'registered' })
          .whereNot({ idp_user_id: idpUserId })
          .first();
        if (holder) {
          throw new ConflictError(
            `${field}: ${keys[key]} is registered for another person (identity provider id ${holder.idp_user_id}); check the person's ${field} in the identity provider`,
          );
        }
      }
      const existing = await tx(TABLE)
        .where({ idp_user_id: idpUserId })
        .first();
      if (existing?.entity === json && existing.state !== 'retired') {
        return { user: fromRow(existing), changed: false };
      }
      const row = {
        idp_user_id: idpUserId,
        ...keys,
        entity: json,
        state: 'registered',
        updated_at: now,
      };
      await tx(TABLE).insert(row).onConflict('idp_user_id').merge();
      return { user: fromRow(row), changed: true };
    });
  }

  /**
   * The organisation sync took the person's entity over: never provided again (were the sync to
   * drop the person later, onboarding's old copy must not come back under that name).
   */
  async adopt(idpUserIds: string[], now: Date): Promise<void> {
    if (!idpUserIds.length) return;
    await this.db(TABLE)
      .whereIn('idp_user_id', idpUserIds)
      .where({ state: 'registered' })
      .update({ state: 'adopted', updated_at: now });
  }

  /** Marks the person's entity retired; undefined when onboarding never registered one. */
  async retire(
    idpUserId: string,
    now: Date,
  ): Promise<{ user: RegisteredUser; changed: boolean } | undefined> {
    return this.db.transaction(async tx => {
      const existing = await tx(TABLE)
        .where({ idp_user_id: idpUserId })
        .first();
      if (!existing) return undefined;
      if (existing.state === 'retired') {
        return { user: fromRow(existing), changed: false };
      }
      // An adopted entity is the organisation sync's now; retiring the row is all onboarding does.
      await tx(TABLE)
        .where({ idp_user_id: idpUserId })
        .update({ state: 'retired', updated_at: now });
      return {
        user: fromRow({ ...existing, state: 'retired', updated_at: now }),
        changed: true,
      };
    });
  }

  async get(idpUserId: string): Promise<RegisteredUser | undefined> {
    const row = await this.db(TABLE).where({ idp_user_id: idpUserId }).first();
    return row && fromRow(row);
  }

  /** The entities the catalogue should hold: every registered person's. */
  async registered(): Promise<UserEntity[]> {
    const rows = await this.db(TABLE)
      .where({ state: 'registered' })
      .orderBy('idp_user_id');
    return rows.map(r => fromRow(r).entity);
  }
}
