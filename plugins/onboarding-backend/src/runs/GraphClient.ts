/**
 * Microsoft Graph for onboarding, with an app registration's client credentials: the person a
 * change notification is about (notifications carry only the user's id), and the subscription on
 * /users that sends them. Tokens are fetched per call batch and never logged.
 */
import {
  DirectoryPerson,
  PersonDirectory,
  PersonGoneError,
} from './OktaDirectory';
import type { ChangeLister, ChangesSince } from './Reconciler';

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Sent with the subscription and checked on every notification. */
  clientState: string;
  /** Runway's public URL of POST /api/onboarding/graph/notifications. */
  notificationUrl: string;
  apiBaseUrl: string;
  tokenUrl: string;
  /** When set, the reconciliation poll acts on people created or deleted since. */
  reconcileSince?: Date;
  /** Dotted paths into the Graph user for what onboarding needs beyond name and e-mail. */
  profileAttributes: {
    githubLogin: string;
    team: string;
    buddy: string;
    startDate: string;
  };
}

export const DEFAULT_GRAPH_PROFILE_ATTRIBUTES: GraphSettings['profileAttributes'] =
  {
    githubLogin: 'onPremisesExtensionAttributes.extensionAttribute1',
    team: 'department',
    buddy: 'onPremisesExtensionAttributes.extensionAttribute2',
    startDate: 'employeeHireDate',
  };

/** Graph allows at most 41,760 minutes (29 days) for a subscription on users. */
export const SUBSCRIPTION_LIFETIME_MS = 29 * 24 * 60 * 60_000 - 60 * 60_000;

export class GraphClient implements PersonDirectory, ChangeLister {
  constructor(private readonly settings: GraphSettings) {}

  async person(idpUserId: string): Promise<DirectoryPerson> {
    const a = this.settings.profileAttributes;
    const top = [a.githubLogin, a.team, a.buddy, a.startDate].map(
      path => path.split('.')[0],
    );
    const select = [
      ...new Set([
        'id',
        'displayName',
        'mail',
        'userPrincipalName',
        'accountEnabled',
        'createdDateTime',
        ...top,
      ]),
    ].join(',');
    const user = await this.get(
      `/users/${encodeURIComponent(idpUserId)}?$select=${select}`,
    ).catch(error => {
      throw (error as { status?: number }).status === 404
        ? new PersonGoneError((error as Error).message)
        : error;
    });
    const manager = await this.get(
      `/users/${encodeURIComponent(idpUserId)}/manager?$select=mail`,
    ).catch(() => undefined);
    const at = (path: string) => {
      const value = path
        .split('.')
        .reduce<any>(
          (v, key) => (v === undefined || v === null ? v : v[key]),
          user,
        );
      return typeof value === 'string' && value.trim()
        ? value.trim()
        : undefined;
    };
    const startDate = at(a.startDate)?.slice(0, 10);
    return Object.fromEntries(
      Object.entries({
        active:
          typeof user.accountEnabled === 'boolean'
            ? user.accountEnabled
            : undefined,
        idpUserId,
        createdAt: at('createdDateTime'),
        name: at('displayName'),
        email: at('mail') ?? at('userPrincipalName'),
        githubLogin: at(a.githubLogin),
        team: at(a.team),
        buddy: at(a.buddy),
        startDate,
        manager:
          typeof manager?.mail === 'string'
            ? (manager.mail as string)
            : undefined,
      }).filter(([, v]) => v !== undefined),
    ) as DirectoryPerson;
  }

  /**
   * Who was created, or deleted, since `since`, and which accounts are disabled (Graph keeps no
   * date for that): the reconciliation poll. createdDateTime filters need Graph's advanced
   * queries (ConsistencyLevel: eventual, $count).
   */
  async changedSince(since: Date): Promise<ChangesSince> {
    const at = since.toISOString();
    const ids = (users: Array<{ id: string }>) => users.map(u => u.id);
    const created = await this.all(
      `/users?$filter=createdDateTime ge ${at}&$select=id,accountEnabled&$count=true&$top=999`,
    );
    const deleted = await this.all(
      `/directory/deletedItems/microsoft.graph.user?$filter=deletedDateTime ge ${at}&$select=id&$count=true&$top=999`,
    );
    const disabled = await this.all(
      `/users?$filter=accountEnabled eq false&$select=id&$count=true&$top=999`,
    );
    return {
      hired: ids(created.filter(u => u.accountEnabled !== false)),
      left: ids(deleted),
      disabled: ids(disabled),
    };
  }

  /** Every page of a Graph list (its @odata.nextLink), with advanced queries on. */
  private async all(
    path: string,
  ): Promise<Array<{ id: string; accountEnabled?: boolean }>> {
    const items: Array<{ id: string; accountEnabled?: boolean }> = [];
    let next: string | undefined = path;
    while (next) {
      const page: {
        value?: Array<{ id: string; accountEnabled?: boolean }>;
        '@odata.nextLink'?: string;
      } = await this.send('GET', next, undefined, {
        ConsistencyLevel: 'eventual',
      });
      items.push(...(page.value ?? []));
      const link = page['@odata.nextLink'];
      next = link
        ? link.slice(this.settings.apiBaseUrl.replace(/\/+$/, '').length)
        : undefined;
    }
    return items;
  }

  /** Creates the subscription on /users; answers its id and expiry. */
  async subscribe(expiresAt: Date): Promise<{ id: string; expiresAt: Date }> {
    const body = await this.send('POST', '/subscriptions', {
      changeType: 'created,updated,deleted',
      notificationUrl: this.settings.notificationUrl,
      lifecycleNotificationUrl: this.settings.notificationUrl,
      resource: 'users',
      expirationDateTime: expiresAt.toISOString(),
      clientState: this.settings.clientState,
    });
    return { id: body.id, expiresAt: new Date(body.expirationDateTime) };
  }

  /** Extends the subscription; answers undefined when Graph no longer has it. */
  async renew(
    id: string,
    expiresAt: Date,
  ): Promise<{ id: string; expiresAt: Date } | undefined> {
    try {
      const body = await this.send(
        'PATCH',
        `/subscriptions/${encodeURIComponent(id)}`,
        { expirationDateTime: expiresAt.toISOString() },
      );
      return {
        id: body.id ?? id,
        expiresAt: new Date(body.expirationDateTime),
      };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** After `reauthorizationRequired`: Graph wants the subscription reauthorized. */
  async reauthorize(id: string): Promise<void> {
    await this.send(
      'POST',
      `/subscriptions/${encodeURIComponent(id)}/reauthorize`,
      {},
    );
  }

  private async token(): Promise<string> {
    const res = await fetch(this.settings.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      throw new Error(
        `Microsoft Entra refused Runway's client credentials (${res.status}); check runway.onboarding.graph.clientId and clientSecret`,
      );
    }
    return ((await res.json()) as { access_token: string }).access_token;
  }

  private get(path: string) {
    return this.send('GET', path);
  }

  private async send(
    method: string,
    path: string,
    body?: object,
    extraHeaders: Record<string, string> = {},
  ) {
    const res = await fetch(
      `${this.settings.apiBaseUrl.replace(/\/+$/, '')}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${await this.token()}`,
          Accept: 'application/json',
          ...extraHeaders,
          ...(body && { 'Content-Type': 'application/json' }),
        },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!res.ok) {
      const message = await res
        .json()
        .then(b => (b as { error?: { message?: string } }).error?.message)
        .catch(() => undefined);
      throw Object.assign(
        new Error(
          `Microsoft Graph answered ${res.status} to ${method} ${
            path.split('?')[0]
          }${message ? `: ${message}` : ''}`,
        ),
        { status: res.status },
      );
    }
    return res.status === 204 ? {} : ((await res.json()) as any);
  }
}
