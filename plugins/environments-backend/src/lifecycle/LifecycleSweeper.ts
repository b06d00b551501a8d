import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { addHours } from '@runway/plugin-environments-common';
import { Clock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
  NewEnvironmentEvent,
  WarningKind,
  environmentEvent,
} from '../database/EnvironmentStore';
import { EnvironmentsSettings } from '../settings';
import { settleLimited } from './concurrency';
import { ExpiryNotifier } from './ExpiryNotifier';
import { OrphanSweeper } from './OrphanSweeper';
import { TeardownOutcome, TeardownRunner } from './TeardownRunner';

export interface SweepResult {
  warned: number;
  tornDown: number;
  failed: number;
}

/**
 * A warning claim this old that recorded nothing died with its sweep (a sweep is abandoned after
 * five minutes): the warning is claimed again rather than never sent.
 */
const abandonedClaims = (now: Date) => addHours(now, -1);

/**
 * One pass of the lifecycle job: tears down what expired (and feature environments idle for
 * `idleHours`), retries teardowns that stalled, then warns owners `warnBeforeHours` ahead of
 * expiry and `idleWarnBeforeHours` ahead of an idle teardown. Nothing is torn down for expiry or
 * idleness until a warning reached its owners at least those hours before.
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
      /** Removes delivered environments no lease tracks; none: orphans are not looked for. */
      orphans?: OrphanSweeper;
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
      /** A lease still provisioning (its delivery never finished) after this long is torn down; default 60. */
      abandonProvisioningAfterMinutes?: number;
    },
  ) {
    this.batchSize = deps.batchSize ?? 2000;
  }

  async sweep(): Promise<SweepResult> {
    const now = this.deps.clock.now();
    const result: SweepResult = { warned: 0, tornDown: 0, failed: 0 };
    await this.tearDownDue(now, result);
    result.warned = (await this.warnDue(now)) + (await this.warnIdle(now));
    await this.removeOrphans();
    if (result.warned + result.tornDown + result.failed > 0) {
      this.deps.logger.info(
        `Environments lifecycle: ${result.tornDown} torn down, ${result.failed} teardowns failed, ${result.warned} owners warned.`,
      );
    }
    return result;
  }

  private async tearDownDue(now: Date, result: SweepResult) {
    const { store, settings } = this.deps;
    // A claim is taken again only after the teardown holding it has given up (the runner aborts
    // it at its deadline), so a hung teardown never runs twice at once, whatever is configured.
    const retryMs = Math.max(
      (this.deps.retryStalledAfterMinutes ?? 15) * 60_000,
      this.deps.runner.maxDurationMs + 60_000,
    );
    const limit = this.batchSize;
    await this.tearDown(
      await store.reclaimStalledTeardowns({
        now,
        startedBefore: new Date(now.getTime() - retryMs),
        limit,
      }),
      result,
    );
    const abandonMinutes = this.deps.abandonProvisioningAfterMinutes ?? 60;
    for (;;) {
      // Its manifests may be in the GitOps repository or not: the teardown removes what is there.
      const abandoned = await store.claimAbandonedProvisioning({
        now,
        createdBefore: addHours(now, -abandonMinutes / 60),
        limit,
        eventsOf: env => [
          environmentEvent(env, 'provisioning-abandoned', now, undefined, {
            createdAt: env.createdAt.toISOString(),
          }),
        ],
      });
      if (abandoned.length === 0) break;
      await this.tearDown(abandoned, result);
    }
    const idleBefore = addHours(now, -settings.idleHours);
    for (;;) {
      const claimed = await store.claimWarnedTeardowns({
        now,
        idleBefore,
        warnedBefore: addHours(now, -settings.warnBeforeHours),
        idleWarnedBefore: addHours(now, -settings.idleWarnBeforeHours),
        limit,
      });
      if (claimed.length === 0) return;
      await this.tearDown(claimed, result);
    }
  }

  /** Last, and never failing the sweep: listing what is delivered can fail on its own. */
  private async removeOrphans() {
    const { orphans, logger } = this.deps;
    if (!orphans) return;
    try {
      const { removed, failed } = await orphans.sweep();
      if (removed.length + failed.length > 0) {
        logger.info(
          `Environments lifecycle: ${removed.length} orphan environments removed, ${failed.length} removals failed.`,
        );
      }
    } catch (e) {
      logger.warn(
        `Environments lifecycle: could not look for orphan environments: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
  }

  private async tearDown(claimed: EnvironmentRecord[], result: SweepResult) {
    const outcome = await this.deps.runner.run(claimed);
    result.tornDown += outcome.destroyed.length;
    result.failed += outcome.failed.length;
    await this.audit(outcome);
  }

  /**
   * Owners are warned `warnBeforeHours` ahead; one warned late (its earlier attempt reached
   * nobody) gets those hours from now, since teardown waits for them.
   */
  private async warnDue(now: Date): Promise<number> {
    const { store, notifier, settings } = this.deps;
    const warnBefore = addHours(now, settings.warnBeforeHours);
    // Only environments with an expiry are claimed here (never a sandbox).
    const expiry = (env: EnvironmentRecord) => env.expiresAt!;
    const teardownAt = (env: EnvironmentRecord) =>
      new Date(Math.max(expiry(env).getTime(), warnBefore.getTime()));
    return this.warnClaimed(
      'expiry',
      now,
      () =>
        store.claimWarnings({
          now,
          warnBefore,
          limit: this.batchSize,
          abandonedBefore: abandonedClaims(now),
        }),
      claimed => claimed,
      env => notifier.warn(env, now, teardownAt(env)),
      env =>
        environmentEvent(env, 'warned', now, undefined, {
          expiresAt: expiry(env).toISOString(),
        }),
    );
  }

  /** Feature environments that will be torn down for inactivity unless something happens. */
  private async warnIdle(now: Date): Promise<number> {
    const { store, notifier, settings } = this.deps;
    const idleSince = addHours(
      now,
      settings.idleWarnBeforeHours - settings.idleHours,
    );
    const teardownAt = (env: EnvironmentRecord) =>
      new Date(
        Math.max(
          addHours(env.lastActivityAt, settings.idleHours).getTime(),
          addHours(now, settings.idleWarnBeforeHours).getTime(),
        ),
      );
    return this.warnClaimed(
      'idle',
      now,
      () =>
        store.claimIdleWarnings({
          now,
          idleSince,
          limit: this.batchSize,
          abandonedBefore: abandonedClaims(now),
        }),
      // One that expires first is not torn down for being idle: its expiry warning says when.
      claimed =>
        claimed.filter(
          env => env.expiresAt === undefined || teardownAt(env) < env.expiresAt,
        ),
      env => notifier.warnIdle(env, teardownAt(env), now),
      env =>
        environmentEvent(env, 'warned', now, undefined, {
          reason: 'idle',
          lastActivityAt: env.lastActivityAt.toISOString(),
          teardownAt: teardownAt(env).toISOString(),
        }),
    );
  }

  /**
   * Claims due warnings batch by batch and sends them; a delivered one is recorded with its event
   * right away (teardown waits for that), one that reached nobody is released once the claiming is done
   * (releasing earlier would hand it straight back to this loop) and retried next sweep.
   */
  private async warnClaimed(
    kind: WarningKind,
    now: Date,
    claim: () => Promise<EnvironmentRecord[]>,
    due: (claimed: EnvironmentRecord[]) => EnvironmentRecord[],
    send: (env: EnvironmentRecord) => Promise<void>,
    event: (env: EnvironmentRecord) => NewEnvironmentEvent,
  ): Promise<number> {
    const { store } = this.deps;
    const undelivered: string[] = [];
    let warned = 0;
    for (;;) {
      const claimed = await claim();
      if (claimed.length === 0) break;
      const sending = due(claimed);
      // Each delivered warning is recorded at once, so a sweep that dies mid-batch leaves no
      // delivered-but-unrecorded warning that a later sweep would send a second time.
      const results = await settleLimited(sending, 8, async env => {
        await send(env);
        await store.recordWarnings(kind, now, [event(env)]);
      });
      undelivered.push(
        ...sending
          .filter((_, i) => results[i].status === 'rejected')
          .map(env => env.id),
      );
      warned += results.filter(r => r.status === 'fulfilled').length;
    }
    if (undelivered.length > 0) {
      await store.releaseWarnings(kind, now, undelivered);
      this.deps.logger.warn(
        `Environments lifecycle: the ${kind} warning of ${undelivered.length} environment(s) reached nobody; they are not torn down before a later sweep delivers it.`,
      );
    }
    return warned;
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
