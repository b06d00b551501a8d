/**
 * The identity-provider stand-in's state, playing Okta: its users (the demo org's people, seeded
 * as staff who were there before, and everyone hired since), and hiring and letting go as an Okta
 * admin would — the user is created or deactivated, SCIM provisions the hire into Slack, and
 * Okta's event hook tells Runway. Kept in memory, like the Slack stand-in's workspace.
 */
import type { Org } from '../seed/loadOrg';
import type { SlackState } from '../slack';
import {
  OktaDelivery,
  OktaEventHook,
  OktaHookSettings,
  oktaId,
} from './eventHook';
import { provisionSlackUser, splitName } from './scim';
import { parseSearch } from './search';

export type OktaUserStatus = 'STAGED' | 'ACTIVE' | 'DEPROVISIONED';

/** The user profile, in Okta's base attributes and the custom ones Runway reads by default. */
export interface OktaProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  githubUsername?: string;
  team?: string;
  managerEmail?: string;
  buddyEmail?: string;
  /** YYYY-MM-DD. */
  startDate?: string;
  /** IANA time zone. */
  timezone?: string;
}

export interface OktaUser {
  /** `00u` and 17 characters, derived from the login: the same person always gets the same id. */
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string;
  lastUpdated: string;
  profile: OktaProfile;
  /** One of the demo org's people (there before the devstack started), not a hire. */
  seeded: boolean;
  /** The Slack user SCIM provisioned for a hire. */
  slackUserId?: string;
}

/** What a hire is made of: the fields of `POST /_devstack/idp/users` and of the web view's form. */
export interface HireInput {
  name: string;
  email: string;
  githubLogin: string;
  team: string;
  managerEmail: string;
  buddyEmail?: string;
  /** YYYY-MM-DD. */
  startDate: string;
  timeZone?: string;
}

/** The outcome of a hire or a departure: the user, what the event hook did, and why it failed if it did. */
export interface OktaChange {
  user: OktaUser;
  deliveries: OktaDelivery[];
  /** Set when Runway was not told (or refused): the verification failed or a delivery did. */
  problem?: string;
}

/** A refusal before anything changed: the status to answer and why. */
export class IdpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** When the demo org's people were created in Okta: long before any reconciliation window. */
export const SEEDED_AT = '2024-01-02T09:00:00.000Z';

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const REQUIRED = [
  'name',
  'email',
  'githubLogin',
  'team',
  'managerEmail',
  'startDate',
] as const;
const OPTIONAL = ['buddyEmail', 'timeZone'] as const;

/**
 * The hire in `body`, trimmed, or an IdpError (400) naming the field. Only what Okta itself would
 * insist on is checked (the fields are there; the e-mail is one): a GitHub login or a date that
 * Runway cannot use is Runway's to report, and worth trying.
 */
export function readHireInput(body: unknown): HireInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IdpError(
      400,
      `the body must be a JSON object with ${REQUIRED.join(
        ', ',
      )} (and optionally ${OPTIONAL.join(', ')})`,
    );
  }
  const b = body as Record<string, unknown>;
  const input: Record<string, string> = {};
  for (const field of [...REQUIRED, ...OPTIONAL]) {
    const value = b[field];
    const optional = (OPTIONAL as readonly string[]).includes(field);
    if (value === undefined || value === null || value === '') {
      if (optional) continue;
      throw new IdpError(400, `${field} is missing`);
    }
    if (typeof value !== 'string' || !value.trim()) {
      throw new IdpError(400, `${field} must be a non-empty string`);
    }
    if (value.length > 256) {
      throw new IdpError(400, `${field} is longer than 256 characters`);
    }
    input[field] = value.trim();
  }
  for (const field of ['email', 'managerEmail', 'buddyEmail']) {
    if (input[field] !== undefined && !EMAIL.test(input[field])) {
      throw new IdpError(
        400,
        `${field} "${input[field]}" is not an e-mail address`,
      );
    }
  }
  return input as unknown as HireInput;
}

export interface OktaStateOptions {
  org: Org;
  slack: SlackState;
  /** `<devstack>/okta`: the org URL, for Link headers and the hook's `source`. */
  orgUrl: string;
  hook: OktaHookSettings;
  now?: () => Date;
}

export class OktaState {
  readonly orgUrl: string;
  readonly hook: OktaEventHook;
  private readonly userList: OktaUser[] = [];
  private readonly slack: SlackState;
  private readonly now: () => Date;

  constructor(options: OktaStateOptions) {
    this.orgUrl = options.orgUrl.replace(/\/+$/, '');
    this.slack = options.slack;
    this.now = options.now ?? (() => new Date());
    this.hook = new OktaEventHook(options.hook, this.orgUrl, this.now);
    const teams = new Set(options.org.teams.map(t => t.name));
    for (const person of options.org.users) {
      this.userList.push({
        id: oktaId('00u', person.email.toLowerCase()),
        status: 'ACTIVE',
        created: SEEDED_AT,
        activated: SEEDED_AT,
        statusChanged: SEEDED_AT,
        lastUpdated: SEEDED_AT,
        profile: {
          login: person.email,
          email: person.email,
          ...splitName(person.displayName),
          displayName: person.displayName,
          githubUsername: person.login,
          // Their team, not the organisation they are all members of.
          team: person.teams.find(t => teams.has(t)),
        },
        seeded: true,
        slackUserId: this.slack.userByEmail(person.email)?.id,
      });
    }
  }

  /** Every user, oldest first. */
  users(): OktaUser[] {
    return this.userList.map(copy);
  }

  /** A user by id or by login (as Okta's `GET /api/v1/users/{id or login}`). */
  user(idOrLogin: string): OktaUser | undefined {
    const login = idOrLogin.toLowerCase();
    const user = this.userList.find(
      u => u.id === idOrLogin || u.profile.login.toLowerCase() === login,
    );
    return user && copy(user);
  }

  /** Users matching an Okta search expression (see ./search); throws SearchError otherwise. */
  search(expression: string): OktaUser[] {
    const matches = parseSearch(expression);
    return this.userList.filter(matches).map(copy);
  }

  /** Every event hook attempt (verifications included), oldest first. */
  deliveries(): OktaDelivery[] {
    return this.hook.deliveries.map(d => ({ ...d }));
  }

  /**
   * Hires a person: creates the Okta user (ACTIVE), provisions them into Slack as SCIM would, and
   * sends `user.lifecycle.create` then `user.lifecycle.activate` to the event hook. Throws
   * IdpError (400, 409) before changing anything; a hook that fails is reported in `problem` —
   * the user exists all the same, as in Okta, where the reconciliation poll finds them. The
   * input is checked as `POST /_devstack/idp/users` checks it, whatever its type says.
   */
  async hire(hire: HireInput): Promise<OktaChange> {
    const input = readHireInput(hire);
    const taken = this.user(input.email);
    if (taken) {
      throw new IdpError(
        409,
        `An Okta user with the login ${input.email} exists already (${taken.id}, ${taken.status})`,
      );
    }
    const at = this.now().toISOString();
    const user: OktaUser = {
      id: oktaId('00u', input.email.toLowerCase()),
      status: 'ACTIVE',
      created: at,
      activated: at,
      statusChanged: at,
      lastUpdated: at,
      profile: {
        login: input.email,
        email: input.email,
        ...splitName(input.name),
        displayName: input.name,
        githubUsername: input.githubLogin,
        team: input.team,
        managerEmail: input.managerEmail,
        buddyEmail: input.buddyEmail,
        startDate: input.startDate,
        timezone: input.timeZone,
      },
      seeded: false,
    };
    user.slackUserId = provisionSlackUser(this.slack, input).id;
    this.userList.push(user);
    const sent = await this.hook.send(user, [
      'user.lifecycle.create',
      'user.lifecycle.activate',
    ]);
    return { user: copy(user), ...sent };
  }

  /**
   * Lets a person go: the user becomes DEPROVISIONED (Okta's "Deactivate") and
   * `user.lifecycle.deactivate` is sent. Throws IdpError (404, 409) before changing anything.
   */
  async letGo(id: string): Promise<OktaChange> {
    const user = this.userList.find(u => u.id === id);
    if (!user) throw new IdpError(404, `No Okta user has the id ${id}`);
    if (user.status === 'DEPROVISIONED') {
      throw new IdpError(
        409,
        `${user.profile.displayName} (${user.id}) is deactivated already`,
      );
    }
    const at = this.now().toISOString();
    user.status = 'DEPROVISIONED';
    user.statusChanged = at;
    user.lastUpdated = at;
    const sent = await this.hook.send(user, ['user.lifecycle.deactivate']);
    return { user: copy(user), ...sent };
  }
}

function copy(user: OktaUser): OktaUser {
  return { ...user, profile: { ...user.profile } };
}

/** The user as Okta's Users API answers it. */
export function oktaUserJson(user: OktaUser, orgUrl: string) {
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: null,
    lastUpdated: user.lastUpdated,
    passwordChanged: null,
    type: { id: oktaId('oty', 'default') },
    profile: Object.fromEntries(
      Object.entries(user.profile).filter(([, v]) => v !== undefined),
    ),
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: {
      self: {
        href: `${orgUrl}/api/v1/users/${encodeURIComponent(user.id)}`,
      },
    },
  };
}
