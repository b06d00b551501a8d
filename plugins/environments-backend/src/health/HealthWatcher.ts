/**
 * One pass of the health watcher: each provisioning environment whose readiness Argo CD decides
 * (`readyWhenHealthy`) becomes active when all its Applications are Synced and Healthy, failed
 * when one is Degraded or none of that happened within `readyTimeoutMs`. Each move is one
 * conditional UPDATE with its event: of two watchers (two backends) one wins, and a verdict
 * arriving late never changes a decided environment. Then the pull request comments those moves
 * made due are claimed one by one and posted: whoever claims one posts it, so each is posted once.
 */
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ArgoCdClient } from '@runway/platform-node';
import { Clock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
  environmentEvent,
} from '../database/EnvironmentStore';
import { settleLimited } from '../lifecycle/concurrency';
import { EnvironmentVerdict, environmentVerdict } from './environmentVerdict';
import { FailureNotifier } from './FailureNotifier';
import { PullRequestCommenter } from './PullRequestCommenter';

export interface HealthWatchResult {
  ready: string[];
  failed: string[];
  waiting: string[];
  /** Argo CD gave no answer for these: nothing changed. */
  unknown: string[];
  commented: string[];
}

export class HealthWatcher {
  private readonly batchSize: number;

  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      argocd: Pick<ArgoCdClient, 'getApplication'>;
      notifier: FailureNotifier;
      commenter: PullRequestCommenter;
      clock: Clock;
      logger: LoggerService;
      auditor: AuditorService;
      readyTimeoutMs: number;
      /** Environments looked at per pass; default 200. */
      batchSize?: number;
    },
  ) {
    this.batchSize = deps.batchSize ?? 200;
  }

  async watch(): Promise<HealthWatchResult> {
    const { store, clock } = this.deps;
    const result: HealthWatchResult = {
      ready: [],
      failed: [],
      waiting: [],
      unknown: [],
      commented: [],
    };
    const awaiting = await store.listAwaitingHealth(this.batchSize);
    await settleLimited(awaiting, 8, async env => {
      const verdict = await environmentVerdict(env, {
        argocd: this.deps.argocd,
        now: clock.now(),
        readyTimeoutMs: this.deps.readyTimeoutMs,
      });
      await this.decide(env, verdict, result);
    });
    await this.postDueComments(result);
    return result;
  }

  private async decide(
    env: EnvironmentRecord,
    verdict: EnvironmentVerdict,
    result: HealthWatchResult,
  ) {
    if (verdict.verdict === 'unknown') {
      this.deps.logger.warn(
        `Environment ${env.name}: no answer from Argo CD, asking again next time: ${verdict.error}`,
      );
      result.unknown.push(env.name);
    } else if (verdict.verdict === 'waiting') {
      result.waiting.push(env.name);
    } else if (verdict.verdict === 'ready') {
      await this.markReady(env, verdict.applications, result);
    } else {
      await this.markFailed(env, verdict, result);
    }
  }

  private async markReady(
    env: EnvironmentRecord,
    applications: string[],
    result: HealthWatchResult,
  ) {
    const { store, clock, logger } = this.deps;
    const ready = await store.markReady(
      env.id,
      environmentEvent(env, 'ready', clock.now(), undefined, { applications }),
    );
    if (!ready) return;
    logger.info(`Environment ${env.name} is Healthy in Argo CD: active.`);
    result.ready.push(env.name);
    await this.audit(env, 'active');
  }

  private async markFailed(
    env: EnvironmentRecord,
    verdict: { reason: string; application: string },
    result: HealthWatchResult,
  ) {
    const { store, clock, logger } = this.deps;
    const failed = await store.markFailed(
      env.id,
      verdict.reason,
      environmentEvent(env, 'failed', clock.now(), undefined, {
        reason: verdict.reason,
        application: verdict.application,
      }),
    );
    if (!failed) return;
    logger.info(`Environment ${env.name} failed: ${verdict.reason}`);
    result.failed.push(env.name);
    await this.audit(env, 'failed', verdict.reason);
    try {
      await this.deps.notifier.failed(failed, verdict.reason);
    } catch (error) {
      logger.warn(
        `Could not tell the owners of environment ${env.name} that it failed: ${error}`,
      );
    }
  }

  private async postDueComments(result: HealthWatchResult) {
    const { store, commenter, logger } = this.deps;
    const due = await store.listCommentsDue(this.batchSize);
    await settleLimited(due, 4, async env => {
      const kind = env.pullRequestCommentDue!;
      if (!(await store.claimComment(env.id, kind))) return;
      try {
        const url = await commenter.comment(env, kind);
        result.commented.push(env.name);
        logger.info(`Environment ${env.name}: ${kind} comment at ${url}`);
      } catch (error) {
        await store.releaseComment(env.id, kind);
        logger.warn(
          `Could not comment on ${env.pullRequestUrl} that environment ${env.name} is ${kind}; trying again next time: ${error}`,
        );
      }
    });
  }

  private async audit(
    env: EnvironmentRecord,
    state: 'active' | 'failed',
    reason?: string,
  ) {
    const event = await this.deps.auditor.createEvent({
      eventId: 'environment-health',
      severityLevel: 'medium',
      meta: { environment: env.name, state, ...(reason && { reason }) },
    });
    await event.success();
  }
}
