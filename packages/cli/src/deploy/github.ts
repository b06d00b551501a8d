/** The Octokit `runway deploy` writes with: GITHUB_TOKEN and GITHUB_API_URL, as Actions provide them. */
import { Octokit } from '@octokit/rest';
import { UsageError } from '../args';

export type Env = Record<string, string | undefined>;

export function githubClient(env: Env): Octokit {
  const token = env.GITHUB_TOKEN;
  if (!token)
    throw new UsageError(
      'GITHUB_TOKEN is not set: export a token that may write platform-config (in CI, a GitHub App token scoped to it).',
    );
  const baseUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\/[^/]+/.test(baseUrl))
    throw new UsageError(
      `GITHUB_API_URL ${JSON.stringify(
        baseUrl,
      )} is not an http(s) URL: unset it for github.com, or give the API's base URL.`,
    );
  // Quiet: the command prints what it did; Octokit's own warnings would only repeat it.
  return new Octokit({
    auth: token,
    baseUrl,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}
