import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  value?: T;
  /** The last load's error; the last value is kept meanwhile. */
  error?: Error;
  /** True until the first load settles. */
  loading: boolean;
  /** Loads again now (after the load in flight, if any); settles once that load has. */
  refresh(): Promise<void>;
}

/**
 * Calls `load` (memoise it: a new function starts over), then again `nextDelayMs(value, error)`
 * after each load settles, never two at a time; an undefined delay stops until `refresh()`.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  nextDelayMs: (
    value: T | undefined,
    error: Error | undefined,
  ) => number | undefined,
): Polled<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const delayRef = useRef(nextDelayMs);
  delayRef.current = nextDelayMs;
  const kick = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let value: T | undefined;
    /** Loads started so far; a refresh waits for one started after it was asked. */
    let started = 0;
    let waiters: Array<{ after: number; resolve(): void }> = [];

    const run = async () => {
      if (stopped) return;
      if (inFlight) {
        again = true;
        return;
      }
      clearTimeout(timer);
      inFlight = true;
      const seq = ++started;
      let error: Error | undefined;
      try {
        value = await load();
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
      inFlight = false;
      if (stopped) return;
      const loaded = value;
      setState(previous =>
        error
          ? { value: previous.value, error, loading: false }
          : { value: loaded, loading: false },
      );
      const done = waiters.filter(w => w.after < seq);
      waiters = waiters.filter(w => w.after >= seq);
      done.forEach(w => w.resolve());
      if (again) {
        again = false;
        run();
        return;
      }
      const delay = delayRef.current(value, error);
      if (delay !== undefined) timer = setTimeout(run, delay);
    };

    setState({ loading: true });
    kick.current = () =>
      new Promise<void>(resolve => {
        // A load in flight started before this refresh: the one after it answers it.
        waiters.push({ after: started, resolve });
        run();
      });
    run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      waiters.forEach(w => w.resolve());
    };
  }, [load]);

  const refresh = useCallback(() => kick.current(), []);
  return { ...state, refresh };
}
