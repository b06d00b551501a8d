import type { GithubActionsApi } from '@backstage-community/plugin-github-actions';

/**
 * The forge host to ask for an entity's CI runs. The plugin assumes github.com when an entity
 * names no source location, and drops the port of one that does (git-url-parse's `resource`);
 * Runway's repositories live on `runway.github.host` (the devstack's localhost:7070 locally).
 */
export function forgeHostFor(
  hostname: string | undefined,
  forgeHost: string,
): string {
  if (!hostname || hostname === 'github.com') return forgeHost;
  return hostname === forgeHost.split(':')[0] ? forgeHost : hostname;
}

/** The plugin's client, each call sent to the forge that holds Runway's repositories. */
export function onForge(
  api: GithubActionsApi,
  forgeHost: string,
): GithubActionsApi {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (options: { hostname?: string }) =>
        value.call(target, {
          ...options,
          hostname: forgeHostFor(options?.hostname, forgeHost),
        });
    },
  });
}
