/**
 * The events service's subscriber for GitHub's `pull_request`, `status` and `issue_comment`
 * webhooks: finds the follow-up a signal is about and applies it once per delivery id (GitHub's
 * `X-GitHub-Delivery`, which a redelivery repeats). States only move forward, so events that come
 * late, twice or out of order (Atlantis applies, then merges; the webhooks may cross) never undo.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { Clock } from '../clock';
import { FollowupRecord, FollowupStore } from '../database/FollowupStore';
import { PlatformConfigPulls } from '../github/PlatformConfigPulls';
import { FollowupAnnouncer } from '../notify/FollowupAnnouncer';
import { SignalSettings, SignalTarget, signalOf } from './githubSignals';

const DELIVERY_HEADER = 'x-github-delivery';

/** The delivery id the events backend's HTTP ingress kept from the request's headers. */
export function deliveryIdOf(event: EventParams): string | undefined {
  const value = event.metadata?.[DELIVERY_HEADER];
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === 'string' && id.length > 0 && id.length <= 64
    ? id
    : undefined;
}

export function createFollowupWebhookHandler(deps: {
  store: FollowupStore;
  announcer: FollowupAnnouncer;
  pulls: PlatformConfigPulls;
  settings: SignalSettings;
  clock: Clock;
  logger: LoggerService;
}) {
  const { store, announcer, clock, logger } = deps;

  const followupsOf = async (
    target: SignalTarget,
  ): Promise<FollowupRecord[]> => {
    const repo = deps.settings.platformConfigRepo;
    if ('pullRequest' in target) {
      const found = await store.byPullRequest(repo, target.pullRequest);
      return found ? [found] : [];
    }
    const known = await store.byCommit(repo, target.commit, target.branches);
    if (known.length) return known;
    // A commit no follow-up has seen yet: ask GitHub which pull requests hold it.
    const numbers = await deps.pulls
      .pullsOfCommit(target.commit)
      .catch(error => {
        logger.warn(
          `Could not ask GitHub which pull requests hold ${target.commit}: ${error}`,
        );
        return [] as number[];
      });
    const found = await Promise.all(
      numbers.map(n => store.byPullRequest(repo, n)),
    );
    return found.filter((f): f is FollowupRecord => Boolean(f));
  };

  return async (event: EventParams): Promise<void> => {
    const now = clock.now();
    const signal = signalOf(
      event.topic,
      event.eventPayload as Record<string, any>,
      deps.settings,
      now,
    );
    if (!signal) return;
    const followups = await followupsOf(signal.target);
    const deliveryId = deliveryIdOf(event);
    for (const followup of followups) {
      if ('headSha' in signal) {
        await store.setHeadSha(followup.id, signal.headSha);
        continue;
      }
      const outcome = await store.apply(
        followup.id,
        signal.happening,
        deliveryId,
        now,
      );
      if (outcome.result === 'replay') {
        logger.debug(
          `Webhook delivery ${deliveryId} was applied to follow-up ${followup.id} before: nothing to do.`,
        );
        continue;
      }
      await announcer.after(outcome);
    }
  };
}
