/**
 * Puts the hires' User entities into the catalogue at once: onboarding registers a person, this
 * provider hears of it on the events bus and hands the catalogue every registered hire (a full
 * mutation, so a retired one disappears). The entities carry no location key: that is a weak
 * claim, so when the organisation sync (the GitHub org provider) later emits the same User it
 * takes the entity over instead of being refused as a conflict. From then on the entity has
 * another origin and this provider leaves it out.
 */
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  IDP_USER_ID_ANNOTATION,
  ORIGIN_LOCATION_ANNOTATION as ORIGIN,
} from '@runway/plugin-onboarding-common';

export class OnboardingUserProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** One refresh at a time; a request during one runs once more after it. */
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      catalog: CatalogService;
      logger: LoggerService;
    },
  ) {}

  getProviderName() {
    return 'runway-onboarding-users';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
  }

  /** Brings the catalogue in line with onboarding's registered hires. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.apply();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async apply() {
    if (!this.connection) return;
    const registered = await this.registered();
    const ours = await this.notTakenOver(registered);
    const adopted = registered.filter(e => !ours.includes(e));
    if (adopted.length) await this.reportAdopted(adopted);
    await this.connection.applyMutation({
      type: 'full',
      entities: ours.map(entity => ({ entity })),
    });
    this.deps.logger.debug(
      `Onboarding's hires in the catalogue: ${ours.length} (${
        registered.length - ours.length
      } taken over by the organisation sync)`,
    );
  }

  /** Calls the onboarding plugin's `/users` API as the catalogue's own service. */
  private async call(path: string, init: RequestInit = {}) {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'onboarding',
    });
    const res = await fetch(
      `${await this.deps.discovery.getBaseUrl('onboarding')}${path}`,
      {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body && { 'Content-Type': 'application/json' }),
        },
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (!res.ok) {
      throw new Error(
        `The onboarding plugin answered ${res.status} to ${path}; the catalogue keeps the hires it has`,
      );
    }
    return res.json();
  }

  private async registered(): Promise<Entity[]> {
    return (await this.call('/users')).entities;
  }

  /** Tells onboarding to stop providing these: the organisation sync has them now. */
  private async reportAdopted(entities: Entity[]) {
    await this.call('/users/adopted', {
      method: 'POST',
      body: JSON.stringify({
        idpUserIds: entities.map(
          e => e.metadata.annotations?.[IDP_USER_ID_ANNOTATION],
        ),
      }),
    });
  }

  /** Leaves out hires whose entity now comes from elsewhere (the organisation sync). */
  private async notTakenOver(entities: Entity[]): Promise<Entity[]> {
    if (entities.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: entities.map(e => stringifyEntityRef(e)),
        fields: ['metadata'],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return entities.filter((entity, i) => {
      const there = items[i];
      return (
        !there ||
        there.metadata.annotations?.[ORIGIN] ===
          entity.metadata.annotations?.[ORIGIN]
      );
    });
  }
}
