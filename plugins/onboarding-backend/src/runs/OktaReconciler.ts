/**
 * The reconciliation poll: asks Okta which people were created, or deprovisioned, since the poll
 * was turned on, and requests a run for each — so a hire whose event hook Okta never delivered
 * (the hook was down, or disabled for a while) is still onboarded, and a leaver offboarded. Each
 * person is asked for once per direction (delivery id `okta-poll:<id>:<kind>`): a person with a
 * run keeps it, and every later poll is a replay that changes nothing.
 *
 * It looks no further back than `since` (config), so turning it on never onboards the staff who
 * were already there.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { OnboardingStore, RunRequest } from '../database/OnboardingStore';
import { OktaDirectory } from './OktaDirectory';

export class OktaReconciler {
  constructor(
    private readonly options: {
      okta: OktaDirectory;
      store: OnboardingStore;
      logger: LoggerService;
      /** The earliest creation or deprovisioning the poll acts on. */
      since: Date;
      now?: () => Date;
    },
  ) {}

  /** Requests the runs Okta's events should have asked for; answers how many were new. */
  async reconcile(): Promise<number> {
    const { okta, store, logger, since } = this.options;
    const now = this.options.now?.() ?? new Date();
    const at = since.toISOString();
    const hired = await okta.search(
      `created gt "${at}" and status ne "DEPROVISIONED"`,
    );
    const left = await okta.search(
      `status eq "DEPROVISIONED" and statusChanged gt "${at}"`,
    );
    const requests: RunRequest[] = [
      ...hired.map(u => request(u.id, 'onboard' as const)),
      ...left.map(u => request(u.id, 'offboard' as const)),
    ];
    let created = 0;
    for (const r of requests) {
      const result = await store.request(r, now);
      if (result.outcome === 'created') created++;
    }
    if (created) {
      logger.warn(
        `The reconciliation poll found ${created} run(s) Okta's event hook never asked for; they start now.`,
      );
    }
    return created;
  }
}

function request(id: string, kind: 'onboard' | 'offboard'): RunRequest {
  return {
    deliveryId: `okta-poll:${id}:${kind}`,
    idpUserId: id,
    kind,
    source: 'okta',
  };
}
