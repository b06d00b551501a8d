/**
 * What happens once a follow-up's state moved: on `applied` the requester is told exactly once
 * (the claim in the store decides who sends), the delivery catalogue module is told to forget
 * what it cached and the catalogue to refresh the entity, so its annotations show promptly; on
 * `apply-failed` the requester is told what to do.
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { Clock } from '../clock';
import {
  FollowupRecord,
  FollowupStore,
  Outcome,
} from '../database/FollowupStore';
import { Notifier } from './RequesterNotifier';

/** Published when a follow-up is applied: `{ entityRef }` (the catalogue module listens). */
export const FOLLOWUP_APPLIED_TOPIC = 'runway.delivery.followup-applied';

export class FollowupAnnouncer {
  constructor(
    private readonly deps: {
      store: FollowupStore;
      notifier: Notifier;
      clock: Clock;
      logger: LoggerService;
      catalog?: CatalogService;
      auth?: AuthService;
      events?: EventsService;
    },
  ) {}

  async after(outcome: Outcome): Promise<void> {
    if (outcome.result !== 'moved') return;
    const { followup } = outcome;
    this.deps.logger.info(
      `Follow-up ${followup.id} (${followup.service}, ${followup.platformConfigRepo}#${followup.prNumber}): ${outcome.from} → ${followup.state}`,
    );
    if (followup.state === 'applied') {
      await this.showInCatalogue(followup);
      await this.announceApplied(followup);
    } else if (followup.state === 'apply-failed') {
      await this.deps.notifier
        .applyFailed(followup)
        .catch(error =>
          this.deps.logger.warn(
            `The requester of ${followup.service} was not told of the failed apply: ${error}`,
          ),
        );
    }
  }

  /** Tells the requester, unless someone did already; gives the claim back if nobody was reached. */
  async announceApplied(followup: FollowupRecord): Promise<boolean> {
    const { store, clock, notifier, logger } = this.deps;
    if (!(await store.claimNotification(followup.id, clock.now())))
      return false;
    try {
      await notifier.applied(followup);
    } catch (error) {
      await store.releaseNotification(followup.id);
      logger.warn(`${error} The next sweep tries again.`);
      return false;
    }
    await store.addEvent(followup.id, {
      at: clock.now(),
      type: 'notified',
      details: { requester: followup.requester },
    });
    return true;
  }

  /** Sends the messages a failed attempt (or a restart) left unsent. */
  async sweepUnnotified(): Promise<void> {
    for (const followup of await this.deps.store.listUnnotified()) {
      await this.announceApplied(followup);
    }
  }

  private async showInCatalogue(followup: FollowupRecord) {
    const { catalog, auth, events, logger } = this.deps;
    try {
      await events?.publish({
        topic: FOLLOWUP_APPLIED_TOPIC,
        eventPayload: { entityRef: followup.entityRef },
      });
      if (catalog && auth) {
        await catalog.refreshEntity(followup.entityRef, {
          credentials: await auth.getOwnServiceCredentials(),
        });
      }
    } catch (error) {
      // The catalogue's next processing round annotates it anyway.
      logger.warn(
        `Could not ask the catalogue to refresh ${followup.entityRef}: ${error}`,
      );
    }
  }
}
