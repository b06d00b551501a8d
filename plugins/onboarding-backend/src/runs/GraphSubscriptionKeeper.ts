/**
 * Keeps Runway's Microsoft Graph subscription on /users alive: created when there is none,
 * renewed well before it expires (a scheduled task), reauthorized when Graph asks
 * (`reauthorizationRequired`), and made again when Graph removed it (`subscriptionRemoved`, or a
 * renewal that finds it gone). The subscription's id is kept in the database, so a restarted
 * backend renews the same one rather than adding another.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { OnboardingStore } from '../database/OnboardingStore';
import { GraphClient, SUBSCRIPTION_LIFETIME_MS } from './GraphClient';

const RESOURCE = 'users';
/** Renewed when less than this is left. */
const RENEW_BEFORE_MS = 3 * 24 * 60 * 60_000;

export class GraphSubscriptionKeeper {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      graph: GraphClient;
      store: OnboardingStore;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Makes sure a subscription exists with time left; `force` renews even when it has. */
  async ensure(force = false): Promise<{ id: string; expiresAt: Date }> {
    const { graph, store, logger } = this.options;
    const now = this.now().getTime();
    const existing = await store.graphSubscription(RESOURCE);
    if (
      existing &&
      !force &&
      existing.expiresAt.getTime() - now > RENEW_BEFORE_MS
    ) {
      return existing;
    }
    const wanted = new Date(now + SUBSCRIPTION_LIFETIME_MS);
    if (existing) {
      const renewed = await graph.renew(existing.id, wanted);
      if (renewed) {
        await store.saveGraphSubscription(
          RESOURCE,
          renewed.id,
          renewed.expiresAt,
        );
        logger.info(
          `Renewed the Graph subscription ${
            renewed.id
          } on /users until ${renewed.expiresAt.toISOString()}`,
        );
        return renewed;
      }
      logger.warn(
        `The Graph subscription ${existing.id} is gone; making a new one`,
      );
    }
    const created = await graph.subscribe(wanted);
    await store.saveGraphSubscription(RESOURCE, created.id, created.expiresAt);
    logger.info(
      `Subscribed to Graph change notifications on /users (${
        created.id
      }, until ${created.expiresAt.toISOString()})`,
    );
    return created;
  }

  /** What Graph's lifecycle notifications ask for. */
  async onLifecycle(event: string, subscriptionId: string): Promise<void> {
    const { graph, store, logger } = this.options;
    const ours = await store.graphSubscription(RESOURCE);
    if (!ours || ours.id !== subscriptionId) {
      logger.warn(
        `Graph lifecycle event ${event} for subscription ${subscriptionId}, which is not Runway's; ignored`,
      );
      return;
    }
    if (event === 'reauthorizationRequired') {
      await graph.reauthorize(subscriptionId);
      await this.ensure(true);
    } else if (event === 'subscriptionRemoved') {
      await store.saveGraphSubscription(RESOURCE, subscriptionId, new Date(0));
      await this.ensure(true);
    } else {
      // `missed`: Graph dropped notifications; the identity provider's next event for each
      // person (or a re-run from the form) catches up.
      logger.warn(
        `Graph lifecycle event ${event}: some notifications were missed`,
      );
    }
  }
}
