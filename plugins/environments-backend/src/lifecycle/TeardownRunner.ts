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
 * How long one teardown may run before the runner stops waiting, aborts it (no further GitHub
 * request starts; the one in flight is abandoned) and records it failed. The sweeper re-claims a
 * stalled teardown only a minute after this deadline, so a claim is taken again once the teardown
 * holding it has given up: a hung request is never run twice at once.
 */
export const DEFAULT_TEARDOWN_MAX_DURATION_MS = 10 * 60_000;

/** Teardowns in flight in this process, by environment id (shared by every runner). */
const inFlight = new Map<string, Promise<unknown>>();

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
      /** One teardown's deadline; default {@link DEFAULT_TEARDOWN_MAX_DURATION_MS}. */
      maxDurationMs?: number;
    },
  ) {
    this.maxDurationMs = deps.maxDurationMs ?? DEFAULT_TEARDOWN_MAX_DURATION_MS;
  }

  /** The longest one teardown runs before it is aborted and recorded failed. */
  readonly maxDurationMs: number;

  async run(
    envs: EnvironmentRecord[],
    actor?: string,
  ): Promise<TeardownOutcome> {
    const { store, teardown, clock, logger } = this.deps;
    if (envs.length === 0) return { destroyed: [], failed: [] };
    const settled = await settleLimited(envs, this.deps.concurrency ?? 8, env =>
      this.once(env, signal => teardown.teardown({ ...env, signal })),
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

  /**
   * Runs `fn` for `env` within the deadline, after any earlier teardown of it in this process has
   * settled (one that outlived its deadline is aborted, so it settles soon): never two at once.
   */
  private async once(
    env: EnvironmentRecord,
    fn: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const controller = new AbortController();
    const previous = inFlight.get(env.id) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => {
        controller.signal.throwIfAborted();
        return fn(controller.signal);
      });
    const tail = run.catch(() => undefined);
    inFlight.set(env.id, tail);
    tail.then(() => {
      if (inFlight.get(env.id) === tail) inFlight.delete(env.id);
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `the teardown of environment ${env.name} did not finish within ${this.maxDurationMs} ms; it was abandoned`,
        );
        controller.abort(error);
        reject(error);
      }, this.maxDurationMs);
    });
    try {
      await Promise.race([run, deadline]);
    } finally {
      clearTimeout(timer);
    }
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
