/**
 * The one way Runway makes a GitHub client: @octokit/rest with retries, rate-limit waits, spaced-out
 * writes and a timeout per attempt, authenticated with the GitHub integration's credentials for
 * the repository it is about to touch.
 *
 * Retries and rate-limit waits are one loop of Runway's own around each request, not
 * @octokit/plugin-retry and @octokit/plugin-throttling: under injected faults those hung golden-path
 * runs (a retried write that never reached the network again, and a 429 without
 * `x-ratelimit-remaining: 0` that was neither waited out nor reported). Here every attempt has its
 * own timeout around the whole attempt, every wait is bounded, and nothing holds a process-wide slot
 * while it waits.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

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
/** Longest rate-limit wait the client sits out (seconds); a longer one gives up at once. */
const MAX_RATE_LIMIT_WAIT_S = 60;

/**
 * GitHub asks integrations to leave a second between content-creating requests (secondary rate
 * limits). A forge without that limit (the devstack) can be given a shorter interval, or 0 for none.
 * One limiter per interval, shared by every client in the process. A write only takes its turn
 * here (an empty job): the limiter spaces the starts of writes and never waits for one to finish,
 * so a slow or retried write cannot hold up the others.
 */
const writeLimiters = new Map<number, Bottleneck>();
function writeTurn(intervalMs: number): Promise<void> {
  if (intervalMs <= 0) return Promise.resolve();
  let limiter = writeLimiters.get(intervalMs);
  if (!limiter) {
    limiter = new Bottleneck({ maxConcurrent: 1, minTime: intervalMs });
    writeLimiters.set(intervalMs, limiter);
  }
  return limiter.schedule(async () => {});
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

type ErrorWithResponse = {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
};

/**
 * Seconds GitHub asks the client to wait when `error` is a rate limit (429, or 403 with
 * `x-ratelimit-remaining: 0` or a rate-limit message); undefined for any other error.
 */
function rateLimitWait(error: unknown): number | undefined {
  const { status, message = '', response } = (error ?? {}) as ErrorWithResponse;
  const headers = response?.headers ?? {};
  const exhausted = headers['x-ratelimit-remaining'] === '0';
  if (
    status !== 429 &&
    !(status === 403 && (exhausted || /rate limit/i.test(message)))
  )
    return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (exhausted && Number.isFinite(reset) && reset > 0)
    return Math.max(0, Math.ceil(reset - Date.now() / 1000)) + 1;
  // GitHub's advice for a secondary limit without Retry-After: wait at least a minute.
  return 60;
}

/** A server error or a failure to get an answer (Octokit reports both as 5xx). */
const retryable = (error: unknown) => {
  const status = (error as ErrorWithResponse)?.status;
  return status === undefined || status >= 500;
};

/**
 * Whether a request may be sent again after a server error or a timeout: GitHub may have done it
 * before failing to answer. Reads and PUT/PATCH/DELETE are idempotent; of the POSTs only the
 * content-addressed git objects (the same content gives the same sha) and adding labels are. A
 * comment, pull request, repository or ref is not resent here: the caller's find-then-create
 * (upsertMarkedComment, ensurePullRequest, a scaffolder retry) finds what the first attempt made.
 */
const resendable = (method: string, url: string) =>
  method !== 'POST' ||
  /\/git\/(blobs|trees|commits)$/.test(url) ||
  /\/issues\/\{?[^/]+\}?\/labels$/.test(url);

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
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const retries = options.retry?.retries ?? 3;
  const retryAfterBaseValue = options.retry?.retryAfterBaseValue ?? 1000;
  const writeIntervalMs = options.writeIntervalMs ?? 1000;
  const client = new Octokit({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    log: logger,
    // The timeout is per attempt, on the innermost call: waiting for a write's turn, rate-limit
    // waits and retries each start with a fresh clock.
    request: { fetch: fetchWithTimeout(timeoutMs) },
  });
  client.hook.wrap('request', async (request, requestOptions) => {
    const { method, url } = requestOptions;
    const isWrite = method !== 'GET' && method !== 'HEAD';
    let serverErrors = 0;
    let rateLimits = 0;
    for (;;) {
      if (isWrite) await writeTurn(writeIntervalMs);
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error);
        if (wait !== undefined) {
          const retry =
            rateLimits < RATE_LIMIT_RETRIES && wait <= MAX_RATE_LIMIT_WAIT_S;
          logger.warn(
            `GitHub rate limit on ${method} ${url}; ${
              retry ? `retrying in ${wait}s` : 'giving up'
            }`,
          );
          if (!retry) throw error;
          rateLimits++;
          await sleep(wait * 1000);
          continue;
        }
        if (
          !retryable(error) ||
          !resendable(method, url) ||
          (requestOptions.request as { signal?: AbortSignal } | undefined)
            ?.signal?.aborted ||
          serverErrors >= retries
        )
          throw error;
        serverErrors++;
        await sleep(serverErrors ** 2 * retryAfterBaseValue);
      }
    }
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
