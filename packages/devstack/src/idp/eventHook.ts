/**
 * Okta's event hook, as Okta calls it (https://developer.okta.com/docs/concepts/event-hooks/):
 * before the first delivery to a URL, the one-time verification GET with
 * `X-Okta-Verification-Challenge`, which must be answered `{"verification": <the same value>}`;
 * then one POST per event, `{ eventType: 'com.okta.event_hook', eventId, data: { events } }`.
 * Both carry the header secret configured on the hook. Every attempt — verification included — is
 * recorded with the HTTP status it got, for the web view and tests.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { OktaUser } from './OktaState';

export type OktaLifecycleEvent =
  | 'user.lifecycle.create'
  | 'user.lifecycle.activate'
  | 'user.lifecycle.deactivate';

export interface OktaDelivery {
  /** The delivery's eventId (for the verification, an id of the attempt). */
  id: string;
  kind: 'verification' | OktaLifecycleEvent;
  /** The user the event is about (none for the verification). */
  userId?: string;
  /** The event's uuid (Runway's idempotency key), for lifecycle events. */
  eventUuid?: string;
  url: string;
  sentAt: string;
  /** The HTTP status Runway answered; undefined when there was no answer. */
  status?: number;
  /** Why the attempt failed (no answer, a non-2xx status, a wrong verification); undefined when it succeeded. */
  error?: string;
  ok: boolean;
}

export interface OktaHookSettings {
  url: string;
  /** The header the secret goes in; Okta's "authentication field". */
  header: string;
  secret: string;
  /** How long to wait for Runway's answer; default 10 s. */
  timeoutMs?: number;
}

const DISPLAY_MESSAGES: Record<OktaLifecycleEvent, string> = {
  'user.lifecycle.create': 'Create Okta user',
  'user.lifecycle.activate': 'Activate Okta user',
  'user.lifecycle.deactivate': 'Deactivate Okta user',
};

/** A stable Okta-looking id (`<prefix>` + base62 characters up to 20) from a seed. */
export function oktaId(prefix: string, seed: string): string {
  const alphabet =
    '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digest = createHash('sha256').update(`${prefix}:${seed}`).digest();
  let id = prefix;
  for (let i = 0; id.length < 20; i++) id += alphabet[digest[i] % 62];
  return id;
}

/** The cause of a failed fetch, as a person can act on it (ECONNREFUSED, a timeout). */
export function failureReason(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

/** The start of an answer's body, for a failure message. */
export async function responseSnippet(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

/**
 * POSTs one delivery's JSON body and notes on the delivery the status it got and, when it failed,
 * why (`answered <status> (<body>)`, `no answer: <cause>`). Okta's event hook and Graph's change
 * notifications record a failed attempt the same way, so the web view and tests read both alike.
 */
export async function postDelivery(
  delivery: { status?: number; error?: string; ok: boolean },
  url: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<void> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    delivery.status = res.status;
    if (!res.ok) {
      const answer = await responseSnippet(res);
      delivery.error = `answered ${res.status}${answer ? ` (${answer})` : ''}`;
    } else {
      await res.arrayBuffer().catch(() => undefined);
    }
  } catch (e) {
    delivery.error = `no answer: ${failureReason(e)}`;
  }
  delivery.ok = !delivery.error;
}

export class OktaEventHook {
  /** Every attempt, oldest first. */
  readonly deliveries: OktaDelivery[] = [];
  /** Per URL: the verification under way or passed (a failed one is forgotten, so it is retried). */
  private readonly verifications = new Map<
    string,
    Promise<string | undefined>
  >();
  private readonly actor: {
    id: string;
    type: 'User';
    alternateId: string;
    displayName: string;
  };

  constructor(
    readonly settings: OktaHookSettings,
    private readonly orgUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.actor = {
      id: oktaId('00u', 'devstack-admin'),
      type: 'User',
      alternateId: 'okta-admin@devstack.invalid',
      displayName: 'Devstack Okta admin',
    };
  }

  /**
   * Sends the events about `user`, one delivery each, in order, verifying the URL first if it has
   * not been. Answers the attempts made and, when something failed, why: a failed verification
   * sends nothing.
   */
  async send(
    user: OktaUser,
    events: OktaLifecycleEvent[],
  ): Promise<{ deliveries: OktaDelivery[]; problem?: string }> {
    const first = this.deliveries.length;
    const problem = await this.verify();
    if (problem) {
      return {
        deliveries: this.deliveries.slice(first),
        problem: `nothing was sent to ${this.settings.url}: ${problem}`,
      };
    }
    const problems: string[] = [];
    for (const event of events) {
      const delivery = await this.deliver(user, event);
      if (delivery.error) problems.push(`${event}: ${delivery.error}`);
    }
    return {
      deliveries: this.deliveries.slice(first),
      problem: problems.length ? problems.join('; ') : undefined,
    };
  }

  /** Verifies the URL once (concurrent callers share the attempt); undefined when it passed. */
  private verify(): Promise<string | undefined> {
    const { url } = this.settings;
    let verification = this.verifications.get(url);
    if (!verification) {
      verification = this.challenge().then(problem => {
        if (problem) this.verifications.delete(url);
        return problem;
      });
      this.verifications.set(url, verification);
    }
    return verification;
  }

  private async challenge(): Promise<string | undefined> {
    const { url, header, secret } = this.settings;
    const challenge = randomBytes(24).toString('base64url');
    const delivery = this.record({ id: randomUUID(), kind: 'verification' });
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: 'GET',
        headers: {
          Accept: 'application/json',
          [header]: secret,
          'X-Okta-Verification-Challenge': challenge,
        },
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
      delivery.status = res.status;
      if (!res.ok) {
        const body = await responseSnippet(res);
        error = `the verification GET was answered ${res.status}${
          body ? ` (${body})` : ''
        }`;
      } else {
        const body = (await res.json().catch(() => undefined)) as
          | { verification?: unknown }
          | undefined;
        if (body?.verification !== challenge) {
          error =
            'the verification GET was not answered {"verification": <the X-Okta-Verification-Challenge sent>}';
        }
      }
    } catch (e) {
      error = `the verification GET got no answer: ${failureReason(e)}`;
    }
    delivery.error = error;
    delivery.ok = !error;
    return error;
  }

  private async deliver(
    user: OktaUser,
    eventType: OktaLifecycleEvent,
  ): Promise<OktaDelivery> {
    const { url, header, secret } = this.settings;
    const eventUuid = randomUUID();
    const delivery = this.record({
      id: randomUUID(),
      kind: eventType,
      userId: user.id,
      eventUuid,
    });
    const body = {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${this.orgUrl}/api/v1/eventHooks/${oktaId('who', url)}`,
      eventId: delivery.id,
      eventTime: delivery.sentAt,
      contentType: 'application/json',
      data: {
        events: [
          {
            uuid: eventUuid,
            published: delivery.sentAt,
            eventType,
            version: '0',
            displayMessage: DISPLAY_MESSAGES[eventType],
            severity: 'INFO',
            actor: this.actor,
            outcome: { result: 'SUCCESS', reason: null },
            target: [
              {
                id: user.id,
                type: 'User',
                alternateId: user.profile.login,
                displayName: user.profile.displayName,
                detailEntry: null,
              },
            ],
          },
        ],
      },
    };
    await postDelivery(delivery, url, {
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        [header]: secret,
      },
      body: JSON.stringify(body),
      timeoutMs: this.settings.timeoutMs ?? 10_000,
    });
    return delivery;
  }

  private record(
    fields: Pick<OktaDelivery, 'id' | 'kind' | 'userId' | 'eventUuid'>,
  ): OktaDelivery {
    const delivery: OktaDelivery = {
      ...fields,
      url: this.settings.url,
      sentAt: this.now().toISOString(),
      ok: false,
    };
    this.deliveries.push(delivery);
    return delivery;
  }
}
