/**
 * Microsoft Graph change notifications on /users
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks): Graph validates the
 * URL by POSTing `?validationToken=…`, which must be echoed as text/plain within 10 s; every
 * notification carries the subscription's `clientState`, checked here in constant time. A
 * created user is onboarded and a deleted one offboarded; an updated one is read from Graph
 * (graphUpdateRequest). Notifications carry only the user's id; the person is read from Graph.
 * Lifecycle notifications (`reauthorizationRequired`, `subscriptionRemoved`) are handed to the
 * subscription keeper.
 */
import { RunKind, RunRequest } from '../database/OnboardingStore';
import type { DirectoryPerson } from '../runs/OktaDirectory';
import { secretMatches } from './okta';

/** An `updated` user created this recently is a new hire (Graph never says `created` for users). */
export const NEW_USER_WINDOW_MS = 7 * 24 * 60 * 60_000;

/** The user notifications Runway acts on; each is read back before it starts anything. */
const USER_CHANGES = ['created', 'updated', 'deleted'];

export interface GraphNotifications {
  requests: RunRequest[];
  /** Notifications whose clientState was wrong or missing: refused, and audited. */
  forged: number;
  /** Lifecycle events for the subscription keeper, e.g. reauthorizationRequired. */
  lifecycle: Array<{ subscriptionId: string; event: string }>;
  /**
   * Users Graph says changed. Nothing in a notification is trusted beyond the user's id: what it
   * asks for is decided by reading the user back (graphUpdateRequest), and a permanent deletion
   * (`deleted`) by Graph no longer having them.
   */
  updated: Array<{ userId: string; deleted: boolean }>;
}

interface Notification {
  subscriptionId?: unknown;
  clientState?: unknown;
  changeType?: unknown;
  lifecycleEvent?: unknown;
  resource?: unknown;
  resourceData?: { id?: unknown };
}

export function graphNotifications(
  body: unknown,
  clientState: string,
): GraphNotifications {
  const value = (body as { value?: unknown })?.value;
  if (!Array.isArray(value)) {
    throw new Error('not a Microsoft Graph notification: value must be a list');
  }
  const result: GraphNotifications = {
    requests: [],
    forged: 0,
    lifecycle: [],
    updated: [],
  };
  for (const n of value as Notification[]) {
    if (
      !secretMatches(
        typeof n?.clientState === 'string' ? n.clientState : undefined,
        clientState,
      )
    ) {
      result.forged++;
      continue;
    }
    const subscriptionId =
      typeof n.subscriptionId === 'string' ? n.subscriptionId : '';
    if (typeof n.lifecycleEvent === 'string') {
      result.lifecycle.push({ subscriptionId, event: n.lifecycleEvent });
      continue;
    }
    const userId =
      typeof n.resourceData?.id === 'string'
        ? n.resourceData.id
        : /^Users\/([^/]+)$/i.exec(String(n.resource ?? ''))?.[1];
    if (!userId || !USER_CHANGES.includes(String(n.changeType))) continue;
    result.updated.push({ userId, deleted: n.changeType === 'deleted' });
  }
  return result;
}

/**
 * What a changed user asks for, once read back from Graph (`'gone'` when Graph no longer has
 * them). Graph reports users in its own way: a new user arrives as `updated`, never `created`, and
 * so does a deletion (a soft delete, after which the user is no longer in /users); only a
 * permanent deletion, 30 days later, is `deleted`
 * (https://learn.microsoft.com/azure/event-grid/microsoft-entra-events). So: gone or disabled →
 * offboard, but only someone onboarded (an account created disabled until the first day, or not
 * yet readable just after creation, is no departure); enabled and created within
 * NEW_USER_WINDOW_MS → onboard; any other update → nothing.
 *
 * The delivery id names the person's current cycle (their latest run's), so the many
 * notifications Graph sends for one change make one request, while a real departure after an
 * earlier lock or re-hire is a new one, never taken for a replay.
 */
export function graphUpdateRequest(
  userId: string,
  person: DirectoryPerson | 'gone',
  now: Date,
  latest: { kind: RunKind; cycle: number } | undefined,
): RunRequest | undefined {
  const request = (change: string, kind: RunKind): RunRequest => ({
    // Cycles are counted per direction, so the latest run's direction names the cycle too.
    deliveryId: `graph:${userId}:${change}:after-${
      latest ? `${latest.kind}-${latest.cycle}` : 'none'
    }`,
    idpUserId: userId,
    kind,
    source: 'graph',
  });
  const leaving = person === 'gone' || person.active === false;
  if (leaving) {
    return latest?.kind === 'onboard'
      ? request(person === 'gone' ? 'deleted' : 'disabled', 'offboard')
      : undefined;
  }
  const created = person.createdAt ? Date.parse(person.createdAt) : NaN;
  if (now.getTime() - created <= NEW_USER_WINDOW_MS) {
    return request('created', 'onboard');
  }
  return undefined;
}
