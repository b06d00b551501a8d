/**
 * The reconciliation poll: asks the identity provider which people were created, or left, since
 * the poll was turned on, and requests a run for each — so a hire whose event never arrived (the
 * hook was down, a notification was missed) is still onboarded, and a leaver offboarded. Each
 * person is asked for once per direction (delivery id `<source>-poll:<id>:<kind>`): a person with
 * a run keeps it, and every later poll is a replay that changes nothing.
 *
 * It looks no further back than `since` (config), so turning it on never onboards the staff who
 * were already there; an account merely disabled (no date to tell when) is offboarded only when
 * Runway onboarded it.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  OnboardingStore,
  RunRequest,
  RunSource,
} from '../database/OnboardingStore';

/** What an identity provider tells the poll, as user ids. */
export interface ChangesSince {
  /** Created since the date, and in use. */
  hired: string[];
  /** Deprovisioned or deleted since the date. */
  left: string[];
  /** Disabled, with no date to tell when. */
  disabled: string[];
}

export interface ChangeLister {
  changedSince(since: Date): Promise<ChangesSince>;
}

export class Reconciler {
  constructor(
    private readonly options: {
      source: RunSource;
      directory: ChangeLister;
      store: OnboardingStore;
      logger: LoggerService;
      /** The earliest creation or departure the poll acts on. */
      since: Date;
      now?: () => Date;
    },
  ) {}

  /** Requests the runs the identity provider's events should have asked for; answers how many were new. */
  async reconcile(): Promise<number> {
    const { directory, store, logger, since, source } = this.options;
    const now = this.options.now?.() ?? new Date();
    const changes = await directory.changedSince(since);
    const onboardedByRunway = [];
    for (const id of changes.disabled) {
      if (await store.findRun(id, 'onboard')) onboardedByRunway.push(id);
    }
    const request = (id: string, kind: 'onboard' | 'offboard'): RunRequest => ({
      deliveryId: `${source}-poll:${id}:${kind}`,
      idpUserId: id,
      kind,
      source,
    });
    const requests = [
      ...changes.hired.map(id => request(id, 'onboard')),
      ...[...new Set([...changes.left, ...onboardedByRunway])].map(id =>
        request(id, 'offboard'),
      ),
    ];
    let created = 0;
    for (const r of requests) {
      const result = await store.request(r, now);
      if (result.outcome === 'created') created++;
    }
    if (created) {
      logger.warn(
        `The ${source} reconciliation poll found ${created} run(s) its events never asked for; they start now.`,
      );
    }
    return created;
  }
}
