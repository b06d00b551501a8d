/**
 * The scheduled sweep: a Terraform pull request still unapplied `reminderAfter` after it opened
 * reminds its requester, at most once per `reminderAfter` and never once it is applied or closed
 * (the claim in the store checks the state and the last reminder in one UPDATE, so two backends
 * never both remind). It also sends "applied" messages an earlier attempt could not deliver.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Clock } from '../clock';
import { FollowupStore } from '../database/FollowupStore';
import { FollowupAnnouncer } from '../notify/FollowupAnnouncer';
import { Notifier } from '../notify/RequesterNotifier';

export class ApplyReminder {
  constructor(
    private readonly deps: {
      store: FollowupStore;
      notifier: Notifier;
      announcer: FollowupAnnouncer;
      clock: Clock;
      logger: LoggerService;
      /** Milliseconds after opening before the first reminder, and between reminders. */
      reminderAfterMs: number;
    },
  ) {}

  async sweep(): Promise<void> {
    const { store, notifier, clock, logger, reminderAfterMs } = this.deps;
    await this.deps.announcer.sweepUnnotified();
    const now = clock.now();
    const before = new Date(now.getTime() - reminderAfterMs);
    for (const followup of await store.listDueReminders(before, before)) {
      const reminder = await store.claimReminder(followup.id, before, now);
      if (reminder === undefined) continue;
      try {
        await notifier.remind(followup, reminder, now);
        logger.info(
          `Reminded ${followup.requester} of ${followup.platformConfigRepo}#${followup.prNumber} (${followup.service}), reminder ${reminder}.`,
        );
      } catch (error) {
        // Counted as given: a reminder is a nudge, and tomorrow's comes anyway.
        logger.warn(`Reminder ${reminder} of ${followup.service}: ${error}`);
      }
    }
  }
}
