import { LoggerService } from '@backstage/backend-plugin-api';
import { Clock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
  environmentEvent as event,
} from '../database/EnvironmentStore';
import { settleLimited } from './concurrency';
import { EnvironmentTeardown as Teardown } from '@runway/plugin-environments-node';

export interface TeardownOutcome {
  destroyed: EnvironmentRecord[];
  failed: Array<{ env: EnvironmentRecord; error: Error }>;
}

/**
 * Tears down environments someone has already claimed (state `tearing-down`): the resources
 * through the {@link Teardown}, then the rows and the history in a few bulk statements. The API's
 * DELETE and the lifecycle job both come through here.
 */
export class TeardownRunner {
  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      teardown: Teardown;
      clock: Clock;
      logger: LoggerService;
      /** Teardowns in flight at once; default 8. */
      concurrency?: number;
    },
  ) {}

  async run(
    envs: EnvironmentRecord[],
    actor?: string,
  ): Promise<TeardownOutcome> {
    const { store, teardown, clock, logger } = this.deps;
    if (envs.length === 0) return { destroyed: [], failed: [] };
    const settled = await settleLimited(envs, this.deps.concurrency ?? 8, env =>
      teardown.teardown(env),
    );
    const outcome: TeardownOutcome = { destroyed: [], failed: [] };
    settled.forEach((result, i) => {
      if (result.status === 'fulfilled') outcome.destroyed.push(envs[i]);
      else outcome.failed.push({ env: envs[i], error: asError(result.reason) });
    });

    const at = clock.now();
    await store.recordTeardowns(
      outcome.destroyed.map(env => env.id),
      at,
      [
        ...outcome.destroyed.map(env =>
          event(env, 'destroyed', at, actor, started(env)),
        ),
        ...outcome.failed.map(({ env, error }) =>
          event(env, 'teardown-failed', at, actor, {
            ...started(env),
            error: error.message,
          }),
        ),
      ],
    );
    for (const { env, error } of outcome.failed) {
      logger.warn(
        `Teardown of environment ${env.name} failed; it stays tearing-down and is retried: ${error.message}`,
      );
    }
    return outcome;
  }
}

/** When and why the teardown started (the claim recorded both on the row). */
function started(env: EnvironmentRecord) {
  return {
    reason: env.teardownReason,
    startedAt: env.teardownStartedAt?.toISOString(),
  };
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
