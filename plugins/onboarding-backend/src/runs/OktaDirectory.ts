/**
 * Reads a person from Okta's Users API (`GET /api/v1/users/{id}`, API token as `SSWS`). Okta's
 * events carry only the user's id; the profile holds the rest, in attributes the company names
 * (custom ones for the GitHub login, team, manager and buddy), configured under
 * `runway.onboarding.okta.profileAttributes`.
 */
import { Person } from '@runway/plugin-onboarding-common';
import type { ChangeLister, ChangesSince } from './Reconciler';

export interface OktaProfileAttributes {
  githubLogin: string;
  team: string;
  manager: string;
  buddy: string;
  startDate: string;
  timeZone: string;
}

export const DEFAULT_OKTA_PROFILE_ATTRIBUTES: OktaProfileAttributes = {
  githubLogin: 'githubUsername',
  team: 'team',
  manager: 'managerEmail',
  buddy: 'buddyEmail',
  startDate: 'startDate',
  timeZone: 'timezone',
};

/** A person as an identity provider has them now, and whether their account is in use. */
export type DirectoryPerson = Partial<Person> & {
  /** False for a deactivated, suspended or deprovisioned account; undefined when unknown. */
  active?: boolean;
  /** When the account was made (ISO 8601), where the identity provider says (Graph's createdDateTime). */
  createdAt?: string;
};

export interface PersonDirectory {
  /**
   * The person as the identity provider has them now; fields it lacks are left out. Throws a
   * `PersonGoneError` when the identity provider has no such user.
   */
  person(idpUserId: string): Promise<DirectoryPerson>;
}

/** The identity provider has no such user (Okta's and Graph's 404). */
export class PersonGoneError extends Error {}

/** Okta statuses of an account in use (https://developer.okta.com/docs/reference/api/users/). */
const OKTA_ACTIVE = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
];

/** A user Okta lists, as the reconciliation poll needs them. */
export interface OktaListedUser {
  id: string;
  status: string;
}

export class OktaDirectory implements PersonDirectory, ChangeLister {
  constructor(
    private readonly options: {
      orgUrl: string;
      apiToken: string;
      attributes: OktaProfileAttributes;
      timeoutMs?: number;
    },
  ) {}

  async person(idpUserId: string): Promise<DirectoryPerson> {
    const res = await this.get(
      `${this.base()}/api/v1/users/${encodeURIComponent(idpUserId)}`,
      `user ${idpUserId}`,
    );
    const body = (await res.json()) as {
      id: string;
      status?: string;
      profile?: Record<string, unknown>;
    };
    const profile = body.profile ?? {};
    const a = this.options.attributes;
    const str = (key: string) =>
      typeof profile[key] === 'string' && (profile[key] as string).trim()
        ? (profile[key] as string).trim()
        : undefined;
    const name =
      str('displayName') ??
      ([str('firstName'), str('lastName')].filter(Boolean).join(' ') ||
        undefined);
    return dropUndefined({
      active:
        typeof body.status === 'string'
          ? OKTA_ACTIVE.includes(body.status)
          : undefined,
      idpUserId: body.id,
      name,
      email: str('email'),
      githubLogin: str(a.githubLogin),
      team: str(a.team),
      manager: str(a.manager),
      buddy: str(a.buddy),
      startDate: str(a.startDate),
      timeZone: str(a.timeZone),
    });
  }

  /** Who was created, or deprovisioned, since `since` (the reconciliation poll). */
  async changedSince(since: Date): Promise<ChangesSince> {
    const at = since.toISOString();
    const hired = await this.search(
      `created gt "${at}" and status ne "DEPROVISIONED"`,
    );
    const left = await this.search(
      `status eq "DEPROVISIONED" and statusChanged gt "${at}"`,
    );
    return {
      hired: hired.map(u => u.id),
      left: left.map(u => u.id),
      disabled: [],
    };
  }

  /** Users matching an Okta search expression, every page (Okta's Link: rel="next"). */
  async search(expression: string): Promise<OktaListedUser[]> {
    const users: OktaListedUser[] = [];
    let url:
      | string
      | undefined = `${this.base()}/api/v1/users?${new URLSearchParams({
      search: expression,
      limit: '200',
    })}`;
    while (url) {
      const res = await this.get(url, 'the user search');
      users.push(
        ...((await res.json()) as OktaListedUser[]).map(u => ({
          id: u.id,
          status: u.status,
        })),
      );
      url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return users;
  }

  private base() {
    return this.options.orgUrl.replace(/\/+$/, '');
  }

  private async get(url: string, what: string): Promise<Response> {
    const res = await fetch(url, {
      headers: {
        Accept: 'application/json',
        Authorization: `SSWS ${this.options.apiToken}`,
      },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) {
      // Never the token: only the status and Okta's own summary.
      const summary = await res
        .json()
        .then(b => (b as { errorSummary?: string }).errorSummary)
        .catch(() => undefined);
      const message = `Okta answered ${res.status} for ${what}${
        summary ? `: ${summary}` : ''
      }`;
      throw res.status === 404
        ? new PersonGoneError(message)
        : new Error(message);
    }
    return res;
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
