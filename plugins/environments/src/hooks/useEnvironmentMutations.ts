import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useRef, useState } from 'react';
import { environmentsApiRef } from '../api';
import { daysLabel, errorMessage, formatDateTime } from '../lib/format';
import { ExpiringEnvironment, maxLifetimeDays } from '../lib/lifetime';

/** What the last change did, or why it failed, for the page's alert. */
export interface Feedback {
  severity: 'success' | 'info' | 'warning' | 'error';
  message: string;
}

export interface EnvironmentMutations {
  extend(name: string, days: number): Promise<void>;
  keepAlive(name: string): Promise<void>;
  destroy(name: string): Promise<void>;
  /** Whether a change to environment `name` is running (its buttons wait for it). */
  isPending(name: string): boolean;
  feedback?: Feedback;
  dismissFeedback(): void;
}

/** Extend, keep alive and destroy, reporting each outcome and calling `onChanged` afterwards. */
export function useEnvironmentMutations(
  onChanged: () => void,
): EnvironmentMutations {
  const api = useApi(environmentsApiRef);
  // A ref, so a second click before React re-renders is refused too: an extension sent twice
  // would extend twice. The state copy re-renders the buttons.
  const running = useRef(new Set<string>());
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [feedback, setFeedback] = useState<Feedback>();

  const run = useCallback(
    async (name: string, failure: string, change: () => Promise<Feedback>) => {
      if (running.current.has(name)) return;
      running.current.add(name);
      setPending(new Set(running.current));
      setFeedback(undefined);
      try {
        setFeedback(await change());
      } catch (error) {
        setFeedback({
          severity: 'error',
          message: `${failure}: ${errorMessage(error)}`,
        });
      } finally {
        running.current.delete(name);
        setPending(new Set(running.current));
        // Refused changes refresh too: a 409 usually means the list is out of date.
        onChanged();
      }
    },
    [onChanged],
  );

  const extend = useCallback(
    (name: string, days: number) =>
      run(name, `Could not extend ${name} by ${daysLabel(days)}`, async () => {
        const { environment, capped } = await api.extendEnvironment(name, days);
        // Only environments with an expiry are extended: the API refuses a sandbox (409).
        const extended = environment as ExpiringEnvironment<typeof environment>;
        const until = formatDateTime(extended.expiresAt);
        return capped
          ? {
              severity: 'warning',
              message: `${name} was extended only to ${until}: an environment lives at most ${maxLifetimeDays(
                extended,
              )} days after it was created. Create a new one to keep going after that.`,
            }
          : {
              severity: 'success',
              message: `Extended ${name} by ${daysLabel(
                days,
              )}: it now expires ${until}.`,
            };
      }),
    [api, run],
  );

  const keepAlive = useCallback(
    (name: string) =>
      run(name, `Could not keep ${name} alive`, async () => {
        const environment = await api.keepAlive(name);
        return {
          severity: 'success',
          message: `Kept ${name} alive: its idle time counts from ${formatDateTime(
            environment.lastActivityAt,
          )}.`,
        };
      }),
    [api, run],
  );

  const destroy = useCallback(
    (name: string) =>
      run(name, `Could not destroy ${name}`, async () => {
        const { finished } = await api.destroyEnvironment(name);
        return finished
          ? { severity: 'success', message: `Destroyed ${name}.` }
          : {
              severity: 'info',
              message: `${name} is being torn down; the teardown continues in the background.`,
            };
      }),
    [api, run],
  );

  return {
    extend,
    keepAlive,
    destroy,
    isPending: useCallback((name: string) => pending.has(name), [pending]),
    feedback,
    dismissFeedback: useCallback(() => setFeedback(undefined), []),
  };
}
