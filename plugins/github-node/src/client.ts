/**
 * The one way Runway makes a GitHub client: @octokit/rest with retries, throttling, spaced-out
 * writes and a timeout per request, authenticated with the GitHub integration's credentials for
 * the repository it is about to touch.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

// @octokit/rest nests its own @octokit/core, so the plugins' types name another copy of the same class.
const RunwayOctokit = Octokit.plugin(
  retry as any,
  throttling as any,
) as typeof Octokit;
export type GithubClient = Octokit;

export interface GithubRetryOptions {
  /** Retries of a 5xx or network failure; default 3. */
  retries?: number;
  /** Back-off unit in ms: the n-th retry waits n² units; default 1000. */
  retryAfterBaseValue?: number;
}

export interface GithubClientOptions {
  integrations: ScmIntegrationRegistry;
  /** Default: DefaultGithubCredentialsProvider over `integrations`. */
  credentialsProvider?: GithubCredentialsProvider;
  /** Forge host[:port]: one of integrations.github. */
  host: string;
  owner: string;
  repo: string;
  logger: LoggerService;
  retry?: GithubRetryOptions;
  /** Milliseconds between write requests; default Octokit's (1000, GitHub's guidance). */
  writeIntervalMs?: number;
  /** Milliseconds one request may take before it is abandoned; default 30000. */
  requestTimeoutMs?: number;
}

/** Rate-limit waits the client accepts before giving up. */
const RATE_LIMIT_RETRIES = 2;

/**
 * GitHub asks integrations to leave a second between content-creating requests (secondary rate
 * limits), and Octokit's throttling does so by default. A forge without that limit (the devstack)
 * can be given a shorter interval. One limiter per interval, shared by every client in the process.
 */
const writeLimiters = new Map<number, Bottleneck.Group>();
function writeLimiter(intervalMs: number): Bottleneck.Group {
  let group = writeLimiters.get(intervalMs);
  if (!group) {
    group = new Bottleneck.Group({
      id: `runway-octokit-write-${intervalMs}`,
      maxConcurrent: 1,
      minTime: intervalMs,
    });
    writeLimiters.set(intervalMs, group);
  }
  return group;
}

export async function createGithubClient(
  options: GithubClientOptions,
): Promise<GithubClient> {
  const { integrations, host, owner, repo, logger } = options;
  const integration = integrations.github.byHost(host);
  if (!integration)
    throw new InputError(
      `${host} has no GitHub integration, so Runway cannot reach ${owner}/${repo} there; use a host listed under integrations.github in app-config, or add one`,
    );
  const credentialsProvider =
    options.credentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const { token } = await credentialsProvider.getCredentials({
    url: `https://${host}/${encodeURIComponent(owner)}/${encodeURIComponent(
      repo,
    )}`,
  });
  if (!token)
    throw new InputError(
      `No GitHub credentials for ${owner}/${repo} on ${host}; configure a token or GitHub App under integrations.github`,
    );
  const onLimit = (
    retryAfter: number,
    request: { method: string; url: string },
    _octokit: unknown,
    retryCount: number,
  ) => {
    logger.warn(
      `GitHub rate limit on ${request.method} ${request.url}; ${
        retryCount < RATE_LIMIT_RETRIES
          ? `retrying in ${retryAfter}s`
          : 'giving up'
      }`,
    );
    return retryCount < RATE_LIMIT_RETRIES;
  };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const client = new RunwayOctokit({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    log: logger,
    // The timeout is per attempt, on the innermost call: queueing for the write limiter,
    // rate-limit waits and retries each start with a fresh clock.
    request: { fetch: fetchWithTimeout(timeoutMs) },
    retry: {
      retries: options.retry?.retries ?? 3,
      retryAfterBaseValue: options.retry?.retryAfterBaseValue ?? 1000,
    },
    throttle: {
      onRateLimit: onLimit,
      onSecondaryRateLimit: onLimit,
      ...(options.writeIntervalMs !== undefined && {
        write: writeLimiter(options.writeIntervalMs),
      }),
    },
  });
  client.hook.error('request', (error, request) => {
    // Octokit reports an aborted fetch as "Unknown Error"; say what happened (status 500 stays, so it is retried).
    if ((error as { cause?: { name?: string } }).cause?.name === 'TimeoutError')
      error.message = `GitHub did not answer ${request.method} ${request.url} within ${timeoutMs} ms (runway.github.requestTimeoutMs)`;
    throw error;
  });
  return client;
}

/** fetch that gives up on one attempt after `timeoutMs`, so a hung connection fails and is retried. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal
      ? AbortSignal.any([init.signal, timeout])
      : timeout;
    return fetch(input, { ...init, signal });
  };
}
