/**
 * The identity-provider stand-in playing Microsoft Entra ID: its users as Microsoft Graph holds
 * them, and what an admin does to them in the Entra admin center — create a user, block their
 * sign-in, delete them (a soft delete: the user leaves /users for the deleted items, restorable
 * for 30 days) and delete them permanently. Each change is told to Graph's subscribers on /users
 * the way Graph tells them (GraphSubscriptions). Kept in memory, like the Okta stand-in.
 *
 * What Graph sends is what it really sends, including its known quirks: a new user arrives as an
 * `updated` notification (never `created`), and so does a soft delete; only a permanent delete is
 * `deleted` (https://learn.microsoft.com/azure/event-grid/microsoft-entra-events).
 */
import { createHash } from 'node:crypto';
import type { Org } from '../../seed/loadOrg';
import type { SlackState } from '../../slack';
import { HireInput, IdpError, SEEDED_AT, readHireInput } from '../OktaState';
import { provisionSlackUser, splitName } from '../scim';
import type { GraphDelivery, GraphSubscriptions } from './GraphSubscriptions';

export type EntraUserState = 'enabled' | 'disabled' | 'deleted';

export interface EntraUser {
  /** A GUID derived from the e-mail: the same person always gets the same object id. */
  id: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName: string;
  surname: string;
  accountEnabled: boolean;
  createdDateTime: string;
  /** Set while the user is soft-deleted (in the deleted items). */
  deletedDateTime: string | null;
  department: string | null;
  /** Midnight UTC of the first day, as Entra keeps it. */
  employeeHireDate: string | null;
  /** Runway's defaults: extensionAttribute1 the GitHub login, extensionAttribute2 the buddy's e-mail. */
  extensionAttribute1: string | null;
  extensionAttribute2: string | null;
  /** The manager's object id. */
  managerId?: string;
  /** One of the demo org's people (there before the devstack started), not a hire. */
  seeded: boolean;
  slackUserId?: string;
}

/** The outcome of an admin's change: the user, the notifications sent, and why Runway was not told. */
export interface EntraChange {
  user: EntraUser;
  deliveries: GraphDelivery[];
  problem?: string;
}

/** A stable GUID (version 4 layout) from a seed. */
export function entraId(seed: string): string {
  const h = createHash('sha256').update(`entra:${seed}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(
    13,
    16,
  )}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function userState(user: EntraUser): EntraUserState {
  if (user.deletedDateTime) return 'deleted';
  return user.accountEnabled ? 'enabled' : 'disabled';
}

export class EntraState {
  /** Graph's subscriptions, which every change is told to. */
  readonly subscriptions: GraphSubscriptions;
  private readonly userList: EntraUser[] = [];
  private readonly slack: SlackState;
  private readonly now: () => Date;

  constructor(options: {
    org: Org;
    slack: SlackState;
    subscriptions: GraphSubscriptions;
    now?: () => Date;
  }) {
    this.subscriptions = options.subscriptions;
    this.slack = options.slack;
    this.now = options.now ?? (() => new Date());
    const teams = new Set(options.org.teams.map(t => t.name));
    for (const person of options.org.users) {
      const { firstName, lastName } = splitName(person.displayName);
      this.userList.push({
        id: entraId(person.email.toLowerCase()),
        userPrincipalName: person.email,
        mail: person.email,
        displayName: person.displayName,
        givenName: firstName,
        surname: lastName,
        accountEnabled: true,
        createdDateTime: SEEDED_AT,
        deletedDateTime: null,
        // Their team, not the organisation they are all members of.
        department: person.teams.find(t => teams.has(t)) ?? null,
        employeeHireDate: null,
        extensionAttribute1: person.login,
        extensionAttribute2: null,
        seeded: true,
        slackUserId: this.slack.userByEmail(person.email)?.id,
      });
    }
  }

  /** Every user Entra holds, soft-deleted ones included, oldest first. */
  users(): EntraUser[] {
    return this.userList.map(u => ({ ...u }));
  }

  /** A user of /users (not soft-deleted) by object id or user principal name. */
  user(idOrUpn: string): EntraUser | undefined {
    const user = this.find(idOrUpn);
    return user && !user.deletedDateTime ? { ...user } : undefined;
  }

  /** A soft-deleted user (Graph's deleted items) by object id. */
  deletedUser(id: string): EntraUser | undefined {
    const user = this.userList.find(u => u.id === id && u.deletedDateTime);
    return user && { ...user };
  }

  /** Every notification and validation Graph sent, oldest first. */
  deliveries(): GraphDelivery[] {
    return this.subscriptions.deliveries();
  }

  /**
   * Creates the user (enabled), provisions them into Slack as SCIM would, and notifies the
   * subscribers, as Graph does, with `updated`. Throws IdpError (400, 409) before changing
   * anything; a notification that fails is reported in `problem` — the user exists all the same.
   */
  async hire(hire: HireInput): Promise<EntraChange> {
    const input = readHireInput(hire);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.startDate)) {
      throw new IdpError(
        400,
        `startDate "${input.startDate}" is not a date (YYYY-MM-DD): Entra keeps it as employeeHireDate`,
      );
    }
    const taken = this.find(input.email);
    if (taken) {
      throw new IdpError(
        409,
        `An Entra ID user with the user principal name ${
          input.email
        } exists already (${taken.id}, ${userState(taken)})`,
      );
    }
    const manager = this.user(input.managerEmail);
    if (!manager) {
      throw new IdpError(
        400,
        `managerEmail ${input.managerEmail} is nobody in Entra ID: a manager is a user of the directory; pick one of its people`,
      );
    }
    const { firstName, lastName } = splitName(input.name);
    const user: EntraUser = {
      id: entraId(input.email.toLowerCase()),
      userPrincipalName: input.email,
      mail: input.email,
      displayName: input.name,
      givenName: firstName,
      surname: lastName,
      accountEnabled: true,
      createdDateTime: this.now().toISOString(),
      deletedDateTime: null,
      department: input.team,
      employeeHireDate: `${input.startDate}T00:00:00Z`,
      extensionAttribute1: input.githubLogin,
      extensionAttribute2: input.buddyEmail ?? null,
      managerId: manager.id,
      seeded: false,
    };
    user.slackUserId = provisionSlackUser(this.slack, input).id;
    this.userList.push(user);
    return this.told(user, 'updated');
  }

  /** Blocks sign-in (`accountEnabled: false`): an `updated` notification. */
  async disable(id: string): Promise<EntraChange> {
    const user = this.changeable(id);
    if (!user.accountEnabled) {
      throw new IdpError(
        409,
        `${user.displayName} (${user.id}) cannot sign in already`,
      );
    }
    user.accountEnabled = false;
    return this.told(user, 'updated');
  }

  /** Deletes the user, as Entra does by default: a soft delete, notified as `updated`. */
  async delete(id: string): Promise<EntraChange> {
    const user = this.changeable(id);
    user.deletedDateTime = this.now().toISOString();
    return this.told(user, 'updated');
  }

  /** Deletes a soft-deleted user permanently: the one change Graph notifies as `deleted`. */
  async purge(id: string): Promise<EntraChange> {
    const user = this.find(id);
    if (!user) throw new IdpError(404, `No Entra ID user has the id ${id}`);
    if (!user.deletedDateTime) {
      throw new IdpError(
        409,
        `${user.displayName} (${user.id}) is not deleted: delete them first, then delete them permanently from the deleted users`,
      );
    }
    this.userList.splice(this.userList.indexOf(user), 1);
    return this.told(user, 'deleted');
  }

  private find(idOrUpn: string): EntraUser | undefined {
    const upn = idOrUpn.toLowerCase();
    return this.userList.find(
      u => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === upn,
    );
  }

  /** A user of /users to change, or IdpError (404, 409). */
  private changeable(id: string): EntraUser {
    const user = this.find(id);
    if (!user) throw new IdpError(404, `No Entra ID user has the id ${id}`);
    if (user.deletedDateTime) {
      throw new IdpError(
        409,
        `${user.displayName} (${user.id}) is deleted already`,
      );
    }
    return user;
  }

  private async told(
    user: EntraUser,
    changeType: 'updated' | 'deleted',
  ): Promise<EntraChange> {
    const sent = await this.subscriptions.notify(user.id, changeType);
    return { user: { ...user }, ...sent };
  }
}
