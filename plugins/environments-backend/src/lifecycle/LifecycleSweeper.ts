import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { addHours } from '@runway/plugin-environments-common';
import { Clock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
  environmentEvent,
} from '../database/EnvironmentStore';
import { EnvironmentsSettings } from '../settings';
import { settleLimited } from './concurrency';
import { ExpiryNotifier } from './ExpiryNotifier';
import { TeardownOutcome, TeardownRunner } from './TeardownRunner';

export interface SweepResult {
  warned: number;
  tornDown: number;
  failed: number;
}

/**
 * One pass of the lifecycle job: tears down what expired (and feature environments idle for
 * `idleHours`), retries teardowns that stalled, then warns owners `warnBeforeHours` ahead of
 * expiry and `idleWarnBeforeHours` ahead of an idle teardown.
 * Selection and claiming are bulk statements; every claim is a conditional UPDATE, so sweepers on
 * several replicas (or a DELETE racing a sweep) never act twice on one environment.
 */
export class LifecycleSweeper {
  private readonly batchSize: number;

  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      runner: TeardownRunner;
      notifier: ExpiryNotifier;
      clock: Clock;
      logger: LoggerService;
      auditor: AuditorService;
      settings: Pick<
        EnvironmentsSettings,
        'warnBeforeHours' | 'idleHours' | 'idleWarnBeforeHours'
      >;
      /** Environments claimed per statement; default 2000. */
      batchSize?: number;
      /** A teardown unfinished after this long is claimed again; default 15. */
      retryStalledAfterMinutes?: number;
    },
  ) {
    this.batchSize = deps.batchSize ?? 2000;
  }

  async sweep(): Promise<SweepResult> {
    const now = this.deps.clock.now();
    const result: SweepResult = { warned: 0, tornDown: 0, failed: 0 };
    await this.tearDownDue(now, result);
    result.warned = (await this.warnDue(now)) + (await this.warnIdle(now));
    if (result.warned + result.tornDown + result.failed > 0) {
      this.deps.logger.info(
        `Environments lifecycle: ${result.tornDown} torn down, ${result.failed} teardowns failed, ${result.warned} owners warned.`,
      );
    }
    return result;
  }

  private async tearDownDue(now: Date, result: SweepResult) {
    const { store, settings } = this.deps;
    const retryMinutes = this.deps.retryStalledAfterMinutes ?? 15;
    const limit = this.batchSize;
    await this.tearDown(
      await store.reclaimStalledTeardowns({
        now,
        startedBefore: addHours(now, -retryMinutes / 60),
        limit,
      }),
      result,
    );
    const idleBefore = addHours(now, -settings.idleHours);
    for (;;) {
      const claimed = await store.claimTeardowns({ now, idleBefore, limit });
      if (claimed.length === 0) return;
      await this.tearDown(claimed, result);
    }
  }

  private async tearDown(claimed: EnvironmentRecord[], result: SweepResult) {
    const outcome = await this.deps.runner.run(claimed);
    result.tornDown += outcome.destroyed.length;
    result.failed += outcome.failed.length;
    await this.audit(outcome);
  }

  private async warnDue(now: Date): Promise<number> {
    const { store, notifier, settings } = this.deps;
    const warnBefore = addHours(now, settings.warnBeforeHours);
    let warned = 0;
    for (;;) {
      const claimed = await store.claimWarnings({
        now,
        warnBefore,
        limit: this.batchSize,
      });
      if (claimed.length === 0) return warned;
      await store.addEvents(
        claimed.map(env =>
          environmentEvent(env, 'warned', now, undefined, {
            expiresAt: env.expiresAt.toISOString(),
          }),
        ),
      );
      await settleLimited(claimed, 8, env => notifier.warn(env, now));
      warned += claimed.length;
    }
  }

  /** Feature environments that will be torn down for inactivity unless something happens. */
  private async warnIdle(now: Date): Promise<number> {
    const { store, notifier, settings } = this.deps;
    const idleSince = addHours(
      now,
      settings.idleWarnBeforeHours - settings.idleHours,
    );
    let warned = 0;
    for (;;) {
      const claimed = await store.claimIdleWarnings({
        now,
        idleSince,
        limit: this.batchSize,
      });
      if (claimed.length === 0) return warned;
      const teardownAt = (env: EnvironmentRecord) =>
        addHours(env.lastActivityAt, settings.idleHours);
      // One that expires first is not torn down for being idle: its expiry warning says when.
      const due = claimed.filter(env => teardownAt(env) < env.expiresAt);
      await store.addEvents(
        due.map(env =>
          environmentEvent(env, 'warned', now, undefined, {
            reason: 'idle',
            lastActivityAt: env.lastActivityAt.toISOString(),
            teardownAt: teardownAt(env).toISOString(),
          }),
        ),
      );
      await settleLimited(due, 8, env =>
        notifier.warnIdle(env, teardownAt(env), now),
      );
      warned += due.length;
    }
  }

  private async audit(outcome: TeardownOutcome) {
    const { auditor } = this.deps;
    const meta = (env: EnvironmentRecord) => ({
      environment: env.name,
      reason: env.teardownReason ?? 'expired',
    });
    for (const env of outcome.destroyed) {
      const event = await auditor.createEvent({
        eventId: 'environment-teardown',
        severityLevel: 'medium',
        meta: meta(env),
      });
      await event.success();
    }
    for (const { env, error } of outcome.failed) {
      const event = await auditor.createEvent({
        eventId: 'environment-teardown',
        severityLevel: 'medium',
        meta: meta(env),
      });
      await event.fail({ error });
    }
  }
}
