/**
 * Microsoft Graph's change notifications on users, as Graph sends them
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks):
 * - creating a subscription first validates its URLs: a POST to `notificationUrl` (and to a
 *   different `lifecycleNotificationUrl`) with `?validationToken=…`, which must be answered 200
 *   with the token as `text/plain` within 10 s, or the subscription is refused (400);
 * - a change to a user is one POST of a `changeNotificationCollection` to every live subscription
 *   on `users` (or on that user) whose `changeType` lists the change, carrying its `clientState`;
 * - lifecycle notifications (`reauthorizationRequired`, `subscriptionRemoved`, `missed`) go to
 *   the `lifecycleNotificationUrl`, on demand here.
 * Every attempt is recorded with the status it got, for the web view and tests.
 */
import { randomUUID } from 'node:crypto';
import type {
  ChangeNotification,
  ChangeNotificationCollection,
  LifecycleEventType,
  Subscription,
} from '@microsoft/microsoft-graph-types';
import { IdpError } from '../OktaState';
import { failureReason, postDelivery } from '../eventHook';

/** A refusal in Graph's error shape: `{ error: { code, message, innerError } }`. */
export class GraphError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export type GraphChangeType = 'created' | 'updated' | 'deleted';

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  creatorId: string;
  /** Set by a `reauthorizationRequired` sent on demand, until Runway reauthorizes or renews. */
  reauthorizationRequired: boolean;
}

export interface GraphDelivery {
  id: string;
  kind: 'validation' | 'notification' | 'lifecycle';
  /** The change type, the lifecycle event, or the URL validated (`notificationUrl`, `lifecycleNotificationUrl`). */
  detail: string;
  subscriptionId?: string;
  userId?: string;
  url: string;
  sentAt: string;
  status?: number;
  error?: string;
  ok: boolean;
}

/** Graph's limit for a subscription on users: 41,760 minutes (29 days). */
export const MAX_USER_SUBSCRIPTION_MINUTES = 41_760;
const CHANGE_TYPES: GraphChangeType[] = ['created', 'updated', 'deleted'];
const LIFECYCLE_EVENTS: LifecycleEventType[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];
/** What a subscription may be created with (microsoft.graph.subscription's writable properties). */
const WRITABLE = new Set([
  'changeType',
  'notificationUrl',
  'lifecycleNotificationUrl',
  'resource',
  'expirationDateTime',
  'clientState',
  'includeResourceData',
  'encryptionCertificate',
  'encryptionCertificateId',
  'latestSupportedTlsVersion',
  'notificationQueryOptions',
  'notificationUrlAppId',
]);

/** Graph wants HTTPS; the devstack also takes http to this machine, where Runway runs locally. */
function urlProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return `${name} is required`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} "${value}" is not an absolute URL`;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return `${name} must use https (the devstack also accepts http to localhost)`;
  }
  return undefined;
}

function withQuery(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.append(name, value);
  return u.toString();
}

export class GraphSubscriptions {
  private readonly subscriptions = new Map<string, GraphSubscription>();
  private readonly attempts: GraphDelivery[] = [];
  private sequence = 0;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: {
      tenantId: string;
      /** How long a validation or a notification waits for Runway's answer; default 10 000 ms. */
      timeoutMs?: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Live subscriptions, oldest first (an expired one is gone, as in Graph). */
  list(): GraphSubscription[] {
    this.dropExpired();
    return [...this.subscriptions.values()].map(s => ({ ...s }));
  }

  get(id: string): GraphSubscription {
    this.dropExpired();
    const subscription = this.subscriptions.get(id);
    if (!subscription) {
      throw new GraphError(
        404,
        'ResourceNotFound',
        `The object was not found: no subscription ${id}.`,
      );
    }
    return subscription;
  }

  deliveries(): GraphDelivery[] {
    return this.attempts.map(d => ({ ...d }));
  }

  /** `POST /subscriptions`: checks the body, validates the URLs, and keeps the subscription. */
  async create(
    body: unknown,
    caller: { applicationId: string; creatorId: string },
  ): Promise<GraphSubscription> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GraphError(
        400,
        'BadRequest',
        'The body must be a microsoft.graph.subscription (a JSON object).',
      );
    }
    const b = body as Record<string, unknown>;
    const unknown = Object.keys(b).filter(
      k => !WRITABLE.has(k) && !k.startsWith('@odata.'),
    );
    if (unknown.length) {
      throw new GraphError(
        400,
        'BadRequest',
        `The property '${unknown[0]}' does not exist on type 'microsoft.graph.subscription'.`,
      );
    }
    const problem =
      this.changeTypeProblem(b.changeType) ??
      urlProblem('notificationUrl', b.notificationUrl) ??
      (b.lifecycleNotificationUrl === undefined ||
      b.lifecycleNotificationUrl === null
        ? undefined
        : urlProblem('lifecycleNotificationUrl', b.lifecycleNotificationUrl)) ??
      this.resourceProblem(b.resource) ??
      this.expiryProblem(b.expirationDateTime) ??
      (b.clientState !== undefined &&
      b.clientState !== null &&
      (typeof b.clientState !== 'string' || b.clientState.length > 128)
        ? 'clientState must be a string of at most 128 characters'
        : undefined) ??
      (b.includeResourceData === true
        ? "includeResourceData is not supported by the devstack's Graph (it would need an encryption certificate); leave it out"
        : undefined);
    if (problem) throw new GraphError(400, 'InvalidRequest', problem);

    const subscription: GraphSubscription = {
      id: randomUUID(),
      resource: b.resource as string,
      changeType: b.changeType as string,
      notificationUrl: b.notificationUrl as string,
      lifecycleNotificationUrl: (b.lifecycleNotificationUrl as string) ?? null,
      clientState: (b.clientState as string) ?? null,
      expirationDateTime: new Date(
        b.expirationDateTime as string,
      ).toISOString(),
      applicationId: caller.applicationId,
      creatorId: caller.creatorId,
      reauthorizationRequired: false,
    };
    const urls = [
      ['notificationUrl', subscription.notificationUrl],
      ...(subscription.lifecycleNotificationUrl &&
      subscription.lifecycleNotificationUrl !== subscription.notificationUrl
        ? [['lifecycleNotificationUrl', subscription.lifecycleNotificationUrl]]
        : []),
    ];
    for (const [name, url] of urls) {
      const failed = await this.validate(subscription.id, name, url);
      if (failed) {
        throw new GraphError(
          400,
          'ValidationError',
          `Subscription validation request failed. ${failed}`,
        );
      }
    }
    this.subscriptions.set(subscription.id, subscription);
    return { ...subscription };
  }

  /** `PATCH /subscriptions/{id}`: a new expiry (what renewing is). */
  renew(id: string, body: unknown): GraphSubscription {
    const subscription = this.get(id);
    const b = (body ?? {}) as Record<string, unknown>;
    const other = Object.keys(b).filter(
      k => k !== 'expirationDateTime' && !k.startsWith('@odata.'),
    );
    if (other.length) {
      throw new GraphError(
        400,
        'InvalidRequest',
        `The devstack's Graph updates expirationDateTime only, not ${other.join(
          ', ',
        )}.`,
      );
    }
    const problem = this.expiryProblem(b.expirationDateTime);
    if (problem) throw new GraphError(400, 'InvalidRequest', problem);
    subscription.expirationDateTime = new Date(
      b.expirationDateTime as string,
    ).toISOString();
    subscription.reauthorizationRequired = false;
    return { ...subscription };
  }

  /** `POST /subscriptions/{id}/reauthorize`. */
  reauthorize(id: string): void {
    this.get(id).reauthorizationRequired = false;
  }

  /** `DELETE /subscriptions/{id}`. */
  remove(id: string): void {
    this.get(id);
    this.subscriptions.delete(id);
  }

  /**
   * Tells every live subscription on users (or on this user) whose changeType lists the change.
   * `problem` says why Runway was not told: nobody subscribed, or a delivery failed.
   */
  async notify(
    userId: string,
    changeType: GraphChangeType,
  ): Promise<{ deliveries: GraphDelivery[]; problem?: string }> {
    const first = this.attempts.length;
    const targets = this.list().filter(
      s =>
        s.changeType.split(',').includes(changeType) &&
        subscribedTo(s.resource, userId),
    );
    if (!targets.length) {
      return {
        deliveries: [],
        problem: `nobody has subscribed to ${changeType} users in Graph (Runway subscribes when it starts with runway.onboarding.graph; start the devstack first, or restart Runway)`,
      };
    }
    const problems: string[] = [];
    for (const subscription of targets) {
      const notification: ChangeNotification & {
        resourceData: Record<string, unknown>;
      } = {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        changeType,
        resource: `Users/${userId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${userId}`,
          id: userId,
          organizationId: this.options.tenantId,
          sequenceNumber: ++this.sequence,
        },
        clientState: subscription.clientState,
        tenantId: this.options.tenantId,
      };
      const delivery = await this.post(
        subscription.notificationUrl,
        { value: [notification] },
        {
          kind: 'notification',
          detail: changeType,
          subscriptionId: subscription.id,
          userId,
        },
      );
      if (delivery.error) problems.push(`${changeType}: ${delivery.error}`);
    }
    return {
      deliveries: this.attempts.slice(first),
      problem: problems.length ? problems.join('; ') : undefined,
    };
  }

  /**
   * Sends a lifecycle notification, as Graph does when it needs the subscriber: to the
   * subscription's lifecycleNotificationUrl. `subscriptionRemoved` removes the subscription
   * first; `reauthorizationRequired` marks it until it is reauthorized or renewed.
   */
  async lifecycle(
    id: string,
    event: string,
  ): Promise<{ delivery: GraphDelivery; problem?: string }> {
    if (!(LIFECYCLE_EVENTS as string[]).includes(event)) {
      throw new IdpError(
        400,
        `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}`,
      );
    }
    let subscription: GraphSubscription;
    try {
      subscription = this.get(id);
    } catch {
      throw new IdpError(404, `No live Graph subscription has the id ${id}`);
    }
    if (!subscription.lifecycleNotificationUrl) {
      throw new IdpError(
        409,
        `The subscription ${id} has no lifecycleNotificationUrl: Graph sends lifecycle notifications only there`,
      );
    }
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (event === 'reauthorizationRequired') {
      subscription.reauthorizationRequired = true;
    }
    const notification: ChangeNotification = {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscription.expirationDateTime,
      tenantId: this.options.tenantId,
      clientState: subscription.clientState,
      lifecycleEvent: event as LifecycleEventType,
    };
    const delivery = await this.post(
      subscription.lifecycleNotificationUrl,
      { value: [notification] },
      { kind: 'lifecycle', detail: event, subscriptionId: id },
    );
    return {
      delivery,
      problem: delivery.error && `${event}: ${delivery.error}`,
    };
  }

  /** The validation handshake with one URL; undefined when it passed. */
  private async validate(
    subscriptionId: string,
    name: string,
    url: string,
  ): Promise<string | undefined> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const delivery = this.record({
      kind: 'validation',
      detail: name,
      subscriptionId,
      url,
    });
    let error: string | undefined;
    try {
      const res = await fetch(withQuery(url, 'validationToken', token), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      delivery.status = res.status;
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200) {
        error = `The ${name} answered ${res.status}; it must answer 200 OK with the validationToken.`;
      } else if (!/^text\/plain\b/i.test(type)) {
        error = `The ${name} answered with Content-Type "${type}"; it must be text/plain.`;
      } else if (text !== token) {
        error = `The ${name} answered "${text.slice(
          0,
          80,
        )}"; the response must be exactly the validationToken query parameter, decoded.`;
      }
    } catch (e) {
      error = `The ${name} gave no answer within ${
        this.timeoutMs / 1000
      } s: ${failureReason(e)}.`;
    }
    delivery.error = error;
    delivery.ok = !error;
    return error;
  }

  private async post(
    url: string,
    body: ChangeNotificationCollection,
    fields: Omit<GraphDelivery, 'id' | 'url' | 'sentAt' | 'ok'>,
  ): Promise<GraphDelivery> {
    const delivery = this.record({ ...fields, url });
    await postDelivery(delivery, url, {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      timeoutMs: this.timeoutMs,
    });
    return delivery;
  }

  private record(
    fields: Omit<GraphDelivery, 'id' | 'sentAt' | 'ok'>,
  ): GraphDelivery {
    const delivery: GraphDelivery = {
      id: randomUUID(),
      ...fields,
      sentAt: this.now().toISOString(),
      ok: false,
    };
    this.attempts.push(delivery);
    return delivery;
  }

  private changeTypeProblem(value: unknown): string | undefined {
    if (typeof value !== 'string' || !value) return 'changeType is required';
    const unknown = value
      .split(',')
      .filter(c => !(CHANGE_TYPES as string[]).includes(c));
    return unknown.length
      ? `changeType "${value}" is not a comma-separated list of ${CHANGE_TYPES.join(
          ', ',
        )}`
      : undefined;
  }

  private resourceProblem(value: unknown): string | undefined {
    if (typeof value !== 'string' || !value) return 'resource is required';
    return /^\/?users(\/[^/]+)?$/i.test(value)
      ? undefined
      : `resource "${value}" is not supported: the devstack's Graph notifies on users and users/{id} only`;
  }

  private expiryProblem(value: unknown): string | undefined {
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) {
      return 'expirationDateTime is required, as an ISO 8601 date and time';
    }
    const now = this.now().getTime();
    if (at <= now) return 'expirationDateTime must be in the future';
    if (at > now + MAX_USER_SUBSCRIPTION_MINUTES * 60_000) {
      return `Subscription expiration can only be ${MAX_USER_SUBSCRIPTION_MINUTES} minutes in the future.`;
    }
    return undefined;
  }

  private dropExpired(): void {
    const now = this.now().getTime();
    for (const [id, s] of this.subscriptions) {
      if (Date.parse(s.expirationDateTime) <= now)
        this.subscriptions.delete(id);
    }
  }
}

/** Whether a subscription's resource (`users`, `/users`, `users/{id}`) covers the user. */
function subscribedTo(resource: string, userId: string): boolean {
  const [, id] = /^\/?users(?:\/([^/]+))?$/i.exec(resource) ?? [];
  return id === undefined || id === userId;
}

/** The subscription as Graph answers it. */
export function subscriptionJson(s: GraphSubscription): Subscription {
  return {
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.creatorId,
    includeResourceData: null,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
