/**
 * An API whose implementation is loaded on its first call. A plugin's client often brings a
 * heavy dependency (Octokit, io-ts) that the first page never uses; behind `lazyApi` it lands
 * in a chunk of its own, fetched when a card or tab first asks for data. Every method of `T`
 * must return a promise, as Backstage plugin clients do. A failed load is retried on the next
 * call.
 */
export function lazyApi<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const loaded = () =>
    (loading ??= load().catch(error => {
      loading = undefined;
      throw error;
    }));
  return new Proxy({} as T, {
    get(_target, method) {
      // Not a thenable: `await api` must not call a `then` method that does not exist.
      if (method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const api = (await loaded()) as Record<PropertyKey, unknown>;
        const fn = api[method];
        if (typeof fn !== 'function') {
          throw new TypeError(`The API has no method ${String(method)}`);
        }
        return fn.apply(api, args);
      };
    },
  });
}
