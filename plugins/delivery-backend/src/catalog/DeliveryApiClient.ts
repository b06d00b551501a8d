/**
 * Reads the delivery plugin's follow-ups as a service (the catalogue module's own credentials),
 * with a small cache: an applied follow-up does not change, so it is kept long; "none yet" only
 * briefly, and dropped as soon as the delivery plugin says the entity's follow-up was applied. If
 * the plugin cannot answer, the last answer stands (an entity does not lose its annotations
 * because the delivery backend restarted).
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { FollowupView } from '@runway/plugin-delivery-common';

interface Cached {
  value: FollowupView | undefined;
  expiresAt: number;
}

export interface DeliveryApiClientOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** How long an applied follow-up is kept; default 10 minutes. */
  appliedTtlMs?: number;
  /** How long "not applied yet" is kept; default 30 seconds. */
  pendingTtlMs?: number;
  now?: () => number;
}

export class DeliveryApiClient {
  private readonly cache = new Map<string, Cached>();
  private readonly now: () => number;

  constructor(private readonly options: DeliveryApiClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The entity's applied follow-up (the newest, if it has several), or undefined. */
  async appliedFollowup(entityRef: string): Promise<FollowupView | undefined> {
    const key = entityRef.toLocaleLowerCase('en-US');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    let value: FollowupView | undefined;
    try {
      value = await this.fetchApplied(key);
    } catch (error) {
      if (cached) return cached.value;
      throw error;
    }
    const ttl = value
      ? this.options.appliedTtlMs ?? 600_000
      : this.options.pendingTtlMs ?? 30_000;
    this.cache.set(key, { value, expiresAt: this.now() + ttl });
    return value;
  }

  /** Forgets what is known of `entityRef`: its follow-up just changed. */
  forget(entityRef: string) {
    this.cache.delete(entityRef.toLocaleLowerCase('en-US'));
  }

  private async fetchApplied(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'delivery',
    });
    const path = [kind, namespace, name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    const res = await fetch(
      `${await discovery.getBaseUrl('delivery')}/followups/by-entity/${path}`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (res.status === 404) return undefined;
    if (!res.ok) {
      throw new Error(
        `The delivery backend answered ${res.status} for the follow-ups of ${entityRef}`,
      );
    }
    const { items } = (await res.json()) as { items: FollowupView[] };
    return items.find(item => item.state === 'applied');
  }
}
