/**
 * Backstage's permissions service, with a person's conditional decisions kept for a few seconds.
 *
 * Every catalogue request asks the permission backend, over HTTP, for the reader's conditional
 * decision on `catalog.entity.read`: a plugin token is signed, the permission backend verifies
 * it, runs Runway's policy and validates the answer, twice over. A service page makes about a
 * dozen such requests at once with the same token, and this round trip was a quarter of the
 * backend's CPU on that page (docs/benchmarks.md, the catalogue at 10,000 entities).
 *
 * A conditional decision does not depend on any resource (the caller applies its conditions),
 * only on who asks, and the policy reads who asks from the token's claims, so the same person
 * with the same token gets the same answer. It is kept:
 * - only for user principals (services are decided here, without a round trip),
 * - per token (the principal, its acting service and the token's expiry), never past the
 *   token's expiry, and at most DECISION_TTL_MS;
 * - as the pending promise, so a page's concurrent requests ask once; a failure is not kept.
 * Decisions on resources (`authorize` with a resourceRef) always go to the policy.
 */
import {
  type BackstageCredentials,
  type PermissionsService,
  type PermissionsServiceRequestOptions,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type {
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';

/** How long a decision is reused: one page's requests, not a session. */
export const DECISION_TTL_MS = 5_000;
/** Decisions kept at most (oldest dropped first): a bound on memory whatever the traffic. */
export const MAX_DECISIONS = 2_000;

interface Kept {
  /** performance.now() after which it is asked again (a monotonic clock: no wall-clock jumps). */
  until: number;
  /** The token's expiry (wall clock, ms). */
  expiresAt: number;
  decisions: Promise<QueryPermissionResponse[]>;
}

export interface Clock {
  monotonic(): number;
  wall(): number;
}
const systemClock: Clock = {
  monotonic: () => performance.now(),
  wall: () => Date.now(),
};

export class CachedConditionalDecisions implements PermissionsService {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly inner: PermissionsService,
    private readonly clock: Clock = systemClock,
  ) {}

  authorize: PermissionsService['authorize'] = (requests, options) =>
    this.inner.authorize(requests, options);

  async authorizeConditional(
    queries: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    const asked = keyOf(queries, options.credentials);
    if (!asked) return this.inner.authorizeConditional(queries, options);

    const found = this.kept.get(asked.key);
    // Each caller gets its own copy: none can change what the next one is told.
    if (found && this.isFresh(found))
      return found.decisions.then(copy => structuredClone(copy));

    this.dropStale();
    const decisions = this.inner.authorizeConditional(queries, options);
    const entry: Kept = {
      until: this.clock.monotonic() + DECISION_TTL_MS,
      expiresAt: asked.expiresAt,
      decisions,
    };
    this.kept.set(asked.key, entry);
    decisions.catch(() => {
      if (this.kept.get(asked.key) === entry) this.kept.delete(asked.key);
    });
    return decisions.then(copy => structuredClone(copy));
  }

  private isFresh(entry: Kept) {
    return (
      this.clock.monotonic() < entry.until &&
      this.clock.wall() < entry.expiresAt
    );
  }

  private dropStale() {
    for (const [key, entry] of this.kept) {
      if (!this.isFresh(entry)) this.kept.delete(key);
    }
    // Map keeps insertion order: the first keys are the oldest.
    for (const key of this.kept.keys()) {
      if (this.kept.size < MAX_DECISIONS) break;
      this.kept.delete(key);
    }
  }
}

/**
 * Who asks (user, acting service, token expiry) and what (each permission with its resource
 * type); undefined when the decision is not to be kept: not a user's, or no valid expiry.
 * `expiresAt` is a Date, or a string in credentials that went through JSON (the scaffolder
 * keeps a task's initiator credentials that way).
 */
function keyOf(
  queries: QueryPermissionRequest[],
  credentials: BackstageCredentials,
): { key: string; expiresAt: number } | undefined {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    actor?: { subject: string };
  };
  if (principal.type !== 'user' || !credentials.expiresAt) return undefined;
  const expiresAt = new Date(credentials.expiresAt as Date | string).getTime();
  if (!Number.isFinite(expiresAt)) return undefined;
  const key = JSON.stringify([
    principal.userEntityRef,
    principal.actor?.subject ?? null,
    expiresAt,
    queries.map(({ permission }) => [
      permission.name,
      permission.type,
      'resourceType' in permission ? permission.resourceType : null,
    ]),
  ]);
  return { key, expiresAt };
}

/** Backstage's permissions service factory, as `@backstage/backend-defaults` makes it, cached. */
export default createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
  },
  factory({ auth, config, discovery }) {
    return new CachedConditionalDecisions(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
    );
  },
});
