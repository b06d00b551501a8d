/**
 * Okta event hooks (https://developer.okta.com/docs/concepts/event-hooks/): the one-time
 * verification GET echoes `X-Okta-Verification-Challenge`, and each POST carries a batch of
 * events. Both must bear the header secret configured on the hook in Okta. Lifecycle events of a
 * User become run requests, keyed by the event's uuid (Okta redelivers on timeouts); every other
 * event is ignored. Events carry only the user's id: the person is read from Okta's Users API.
 */
import { timingSafeEqual } from 'node:crypto';
import { RunKind, RunRequest } from '../database/OnboardingStore';

export const OKTA_EVENT_KINDS: Record<string, RunKind> = {
  'user.lifecycle.create': 'onboard',
  'user.lifecycle.activate': 'onboard',
  'user.lifecycle.deactivate': 'offboard',
  'user.lifecycle.delete.initiated': 'offboard',
};

/** True when `presented` equals the configured secret (compared in constant time). */
export function secretMatches(
  presented: string | undefined,
  secret: string,
): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface OktaEvent {
  uuid?: unknown;
  eventType?: unknown;
  target?: Array<{ id?: unknown; type?: unknown }>;
}

/**
 * The run requests in an event hook delivery. Throws when the body is not an Okta event hook
 * delivery at all (the caller answers 400).
 */
export function oktaRunRequests(body: unknown): RunRequest[] {
  const events = (body as { data?: { events?: unknown } })?.data?.events;
  if (!Array.isArray(events)) {
    throw new Error(
      'not an Okta event hook delivery: data.events must be a list',
    );
  }
  return (events as OktaEvent[]).flatMap(event => {
    const kind =
      typeof event.eventType === 'string'
        ? OKTA_EVENT_KINDS[event.eventType]
        : undefined;
    const user = (event.target ?? []).find(t => t?.type === 'User');
    if (
      !kind ||
      typeof event.uuid !== 'string' ||
      typeof user?.id !== 'string'
    ) {
      return [];
    }
    return [
      {
        deliveryId: `okta:${event.uuid}`,
        idpUserId: user.id,
        kind,
        source: 'okta' as const,
      },
    ];
  });
}
