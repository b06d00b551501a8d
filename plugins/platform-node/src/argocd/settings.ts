/**
 * `runway.environments.argocd.url` and `.token`: the Argo CD API Runway reads Applications'
 * health from (documented in @runway/plugin-environments-node's config.d.ts, beside the other
 * Argo CD keys). Without a url, nothing asks Argo CD.
 */
import { Config } from '@backstage/config';

export interface ArgoCdSettings {
  /** Argo CD's base URL without a trailing slash; the API is under `<url>/api/v1`. */
  url: string;
  /** Bearer token of an Argo CD account that may read the Applications. */
  token: string;
  /** Milliseconds one request may take before it counts as a transient failure. */
  requestTimeoutMs: number;
}

export const ARGOCD_CONFIG_KEY = 'runway.environments.argocd';
export const DEFAULT_ARGOCD_REQUEST_TIMEOUT_MS = 10_000;

/** Undefined when no `url` is configured; a url without a token stops the backend with the fix. */
export function readArgoCdSettings(root: Config): ArgoCdSettings | undefined {
  const config = root.getOptionalConfig(ARGOCD_CONFIG_KEY);
  const url = config?.getOptionalString('url');
  if (!config || !url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `${ARGOCD_CONFIG_KEY}.url must be Argo CD's address such as https://argocd.acme.example (got ${JSON.stringify(
        url,
      )}).`,
    );
  }
  const token = config.getOptionalString('token');
  if (!token) {
    throw new Error(
      `${ARGOCD_CONFIG_KEY}.url is set but ${ARGOCD_CONFIG_KEY}.token is not: give the bearer token of an Argo CD account that may read Applications (argocd account generate-token), or remove url.`,
    );
  }
  const timeout = config.getOptionalNumber('requestTimeoutMs');
  if (timeout !== undefined && !(timeout > 0)) {
    throw new Error(
      `${ARGOCD_CONFIG_KEY}.requestTimeoutMs must be a positive number of milliseconds (got ${timeout}).`,
    );
  }
  return {
    url: parsed.toString().replace(/\/+$/, ''),
    token,
    requestTimeoutMs: timeout ?? DEFAULT_ARGOCD_REQUEST_TIMEOUT_MS,
  };
}
