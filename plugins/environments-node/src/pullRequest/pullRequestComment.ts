/**
 * The environment's comment on the engineer's pull request: where it is parsed from, its marker
 * (one comment per environment, edited on a retry) and its text — "ready" with the URLs, or
 * "failed" with the reason. Written by `environment:create` (without Argo CD) or by the
 * environments plugin's health watcher (with Argo CD), so both say the same.
 */
import { InputError } from '@backstage/errors';
import { escapeMarkdownText } from '@runway/github-node';

export interface PullRequestRef {
  host: string;
  owner: string;
  repo: string;
  number: number;
}

/** `https://<host>/<owner>/<repo>/pull/<n>`, or an InputError naming pullRequestUrl. */
export function parsePullRequestUrl(url: string): PullRequestRef {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const match = parsed?.pathname.match(
    /^\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d+)\/?$/,
  );
  if (!parsed || !match || !/^https?:$/.test(parsed.protocol)) {
    throw new InputError(
      `pullRequestUrl must be a pull request's address such as https://github.com/acme/checkout-api/pull/42 (got ${JSON.stringify(
        url,
      )})`,
    );
  }
  return {
    host: parsed.host,
    owner: match[1],
    repo: match[2],
    number: Number(match[3]),
  };
}

/** The hidden marker that finds the environment's comment again on a retry. */
export const commentMarker = (environment: string) =>
  `<!-- runway:environment:${environment} -->`;

/** The comment: a table of the services' URLs, the expiry and where to extend. */
export function environmentComment(options: {
  name: string;
  urls: Record<string, string>;
  branches: Record<string, string>;
  expiresAt: string;
  environmentUrl: string;
}): string {
  // Service and branch names come from the request: no HTML, links or mentions from them.
  const rows = Object.entries(options.urls).map(
    ([service, url]) =>
      `| ${escapeMarkdownText(service)} | ${escapeMarkdownText(
        options.branches[service] ?? '',
      )} | ${url} |`,
  );
  return [
    `### Environment \`${options.name}\` is ready`,
    '',
    '| Service | Branch | URL |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `It is torn down at ${options.expiresAt} unless extended: [extend or destroy it in Runway](${options.environmentUrl}).`,
  ].join('\n');
}

/** The comment when the environment failed: the reason, and never a "ready" line. */
export function environmentFailedComment(options: {
  name: string;
  reason: string;
  environmentUrl: string;
}): string {
  return [
    `### Environment \`${options.name}\` failed`,
    '',
    // Argo CD's message may quote a branch or path from the request: shown as text.
    `Argo CD did not report it healthy: ${escapeMarkdownText(options.reason)}`,
    '',
    `It still holds its resources until it is destroyed or expires: [see it, or destroy it, in Runway](${options.environmentUrl}).`,
  ].join('\n');
}
