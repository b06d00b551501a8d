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

const KINDS: Record<string, RunKind> = {
  created: 'onboard',
  deleted: 'offboard',
};

export interface GraphNotifications {
  requests: RunRequest[];
  /** Notifications whose clientState was wrong or missing: refused, and audited. */
  forged: number;
  /** Lifecycle events for the subscription keeper, e.g. reauthorizationRequired. */
  lifecycle: Array<{ subscriptionId: string; event: string }>;
  /**
   * Users Graph says were updated: an account disabled without being deleted is a departure,
   * which only reading the user tells.
   */
  updated: Array<{ subscriptionId: string; userId: string }>;
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
    const kind =
      typeof n.changeType === 'string' ? KINDS[n.changeType] : undefined;
    const userId =
      typeof n.resourceData?.id === 'string'
        ? n.resourceData.id
        : /^Users\/([^/]+)$/i.exec(String(n.resource ?? ''))?.[1];
    if (n.changeType === 'updated' && userId) {
      result.updated.push({ subscriptionId, userId });
      continue;
    }
    if (!kind || !userId) continue;
    result.requests.push({
      deliveryId: `graph:${subscriptionId}:${n.changeType}:${userId}`,
      idpUserId: userId,
      kind,
      source: 'graph',
    });
  }
  return result;
}

/**
 * What an `updated` user asks for, once read back from Graph (`'gone'` when Graph no longer has
 * them). Graph reports users in its own way: a new user arrives as `updated`, never `created`, and
 * so does a deletion (a soft delete, after which the user is no longer in /users); only a
 * permanent deletion, 30 days later, is `deleted`
 * (https://learn.microsoft.com/azure/event-grid/microsoft-entra-events). So: gone → offboard;
 * disabled → offboard; enabled and created within NEW_USER_WINDOW_MS → onboard, under the
 * delivery id a `created` or `deleted` notification would have, so either arriving too makes
 * nothing twice; any other update → nothing.
 */
export function graphUpdateRequest(
  update: { subscriptionId: string; userId: string },
  person: DirectoryPerson | 'gone',
  now: Date,
): RunRequest | undefined {
  const { subscriptionId, userId } = update;
  const request = (change: string, kind: RunKind): RunRequest => ({
    deliveryId: `graph:${subscriptionId}:${change}:${userId}`,
    idpUserId: userId,
    kind,
    source: 'graph',
  });
  if (person === 'gone') return request('deleted', 'offboard');
  if (person.active === false) return request('disabled', 'offboard');
  const created = person.createdAt ? Date.parse(person.createdAt) : NaN;
  if (now.getTime() - created <= NEW_USER_WINDOW_MS) {
    return request('created', 'onboard');
  }
  return undefined;
}
