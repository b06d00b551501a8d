import { act, renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

/** A load whose calls settle when the test says so. */
function controlledLoad() {
  const pending: Array<{ resolve(v: number): void; reject(e: Error): void }> =
    [];
  let calls = 0;
  const load = jest.fn(
    () =>
      new Promise<number>((resolve, reject) => {
        calls++;
        pending.push({ resolve, reject });
      }),
  );
  return {
    load,
    calls: () => calls,
    resolve: async (value: number) => {
      await act(async () => pending.shift()!.resolve(value));
    },
    reject: async (error: Error) => {
      await act(async () => pending.shift()!.reject(error));
    },
  };
}

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const advance = (ms: number) =>
    act(async () => {
      jest.advanceTimersByTime(ms);
    });

  it('loads again the given delay after each load settles, never two at a time', async () => {
    const c = controlledLoad();
    const { result } = renderHook(() => usePolling(c.load, () => 1000));
    expect(result.current.loading).toBe(true);

    await advance(5000);
    expect(c.calls()).toBe(1);
    await c.resolve(1);
    expect(result.current).toMatchObject({ value: 1, loading: false });

    await advance(999);
    expect(c.calls()).toBe(1);
    await advance(1);
    expect(c.calls()).toBe(2);
    await c.resolve(2);
    expect(result.current.value).toBe(2);
  });

  it('keeps the last value beside an error, and stops when the delay is undefined', async () => {
    const c = controlledLoad();
    const { result } = renderHook(() =>
      usePolling(c.load, (_, error) => (error ? undefined : 1000)),
    );
    await c.resolve(1);
    await advance(1000);
    await c.reject(new Error('refused'));
    expect(result.current).toMatchObject({ value: 1, loading: false });
    expect(result.current.error?.message).toBe('refused');

    await advance(60_000);
    expect(c.calls()).toBe(2);

    // refresh() asks again at once, and the next success clears the error.
    act(() => {
      result.current.refresh();
    });
    expect(c.calls()).toBe(3);
    await c.resolve(3);
    expect(result.current.value).toBe(3);
    expect(result.current.error).toBeUndefined();
  });

  it('answers a refresh during a load with one more load right after it, and settles with that one', async () => {
    const c = controlledLoad();
    const { result } = renderHook(() => usePolling(c.load, () => 60_000));
    const settled: string[] = [];
    act(() => {
      result.current.refresh().then(() => settled.push('first'));
      result.current.refresh().then(() => settled.push('second'));
    });
    expect(c.calls()).toBe(1);
    await c.resolve(1);
    // The load in flight began before the refreshes: it answers neither.
    expect(settled).toEqual([]);
    expect(c.calls()).toBe(2);
    await c.resolve(2);
    expect(result.current.value).toBe(2);
    expect(settled).toEqual(['first', 'second']);
    expect(c.calls()).toBe(2);
  });

  it('stops when unmounted', async () => {
    const c = controlledLoad();
    const { unmount } = renderHook(() => usePolling(c.load, () => 1000));
    await c.resolve(1);
    unmount();
    await advance(10_000);
    expect(c.calls()).toBe(1);
  });
});
