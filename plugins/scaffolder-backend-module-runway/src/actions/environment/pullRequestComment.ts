/**
 * Posts an environment's URLs on the engineer's pull request. One comment per environment, found
 * again by a hidden marker, so a retried task edits it instead of adding a second.
 */
import { InputError } from '@backstage/errors';
import { GithubClient, github } from '../terraform/github';

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

const commentMarker = (environment: string) =>
  `<!-- runway:environment:${environment} -->`;

/** Creates or updates the environment's comment; answers its address. */
export async function upsertComment(
  client: GithubClient,
  pr: PullRequestRef,
  environment: string,
  body: string,
): Promise<string> {
  const { owner, repo, number } = pr;
  const marker = commentMarker(environment);
  const text = `${marker}\n${body}`;
  const comments = await github(
    `read the comments of ${owner}/${repo}#${number}`,
    () =>
      client.paginate(client.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      }),
  );
  const mine = comments.find(c => c.body?.startsWith(marker));
  if (mine) {
    if (mine.body !== text) {
      await github(`update a comment on ${owner}/${repo}#${number}`, () =>
        client.rest.issues.updateComment({
          owner,
          repo,
          comment_id: mine.id,
          body: text,
        }),
      );
    }
    return mine.html_url;
  }
  const { data } = await github(`comment on ${owner}/${repo}#${number}`, () =>
    client.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: text,
    }),
  );
  return data.html_url;
}

/** The comment: a table of the services' URLs, the expiry and where to extend. */
export function environmentComment(options: {
  name: string;
  urls: Record<string, string>;
  branches: Record<string, string>;
  expiresAt: string;
  environmentUrl: string;
}): string {
  const escape = (s: string) => s.replace(/[|\\`*_<>[\]]/g, c => `\\${c}`);
  const rows = Object.entries(options.urls).map(
    ([service, url]) =>
      `| ${escape(service)} | \`${
        options.branches[service] ?? ''
      }\` | ${url} |`,
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
