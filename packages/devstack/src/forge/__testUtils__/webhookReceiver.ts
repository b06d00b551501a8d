/**
 * What the forge's webhook tests need around a devstack: an org hook for every event pointing at
 * a receiver on a free port, an Octokit, and helpers for a repository with a branch and a PR.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { Devstack } from '../../devstack';

export interface ReceivedHook {
  event: string;
  delivery: string;
  signature: string | undefined;
  /** The body exactly as received. */
  raw: string;
  body: any;
}

export interface WebhookReceiver {
  received: ReceivedHook[];
  /** What arrived for a repository, as `event` or `event.action`. */
  names(repository: string): string[];
  close(): Promise<void>;
}

// Octokit logs every failed request; these tests provoke failures on purpose.
export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function botClient(devstack: Devstack): Octokit {
  return new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: quiet,
  });
}

/** Starts a receiver and subscribes it to every event of the org's repositories. */
export async function receiveOrgWebhooks(
  devstack: Devstack,
  secret = 'hook-secret',
): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      received.push({
        event: String(req.headers['x-github-event']),
        delivery: String(req.headers['x-github-delivery']),
        signature: req.headers['x-hub-signature-256'] as string | undefined,
        raw,
        body: JSON.parse(raw),
      });
      res.end('ok');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/hooks`;
  await botClient(devstack).rest.orgs.createWebhook({
    org: 'acme',
    name: 'web',
    events: ['*'],
    config: { url, content_type: 'json', secret },
  });
  return {
    received,
    names: repository =>
      received
        .filter(r => r.body.repository?.full_name === repository)
        .map(r => (r.body.action ? `${r.event}.${r.body.action}` : r.event)),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The commit main points at, and its tree. */
export async function mainHead(client: Octokit, repo: string) {
  const ref = await client.rest.git.getRef({
    owner: 'acme',
    repo,
    ref: 'heads/main',
  });
  const commit = await client.rest.git.getCommit({
    owner: 'acme',
    repo,
    commit_sha: ref.data.object.sha,
  });
  return { sha: commit.data.sha, tree: commit.data.tree.sha };
}

/** A pull request on `repo` adding files on a new branch; returns its number and head sha. */
export async function openPullRequest(
  client: Octokit,
  repo: string,
  branch: string,
  files: Record<string, string>,
) {
  const main = await mainHead(client, repo);
  const tree = await client.rest.git.createTree({
    owner: 'acme',
    repo,
    base_tree: main.tree,
    tree: Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      content,
    })),
  });
  const commit = await client.rest.git.createCommit({
    owner: 'acme',
    repo,
    message: `Add ${Object.keys(files).join(', ')}`,
    tree: tree.data.sha,
    parents: [main.sha],
  });
  await client.rest.git.createRef({
    owner: 'acme',
    repo,
    ref: `refs/heads/${branch}`,
    sha: commit.data.sha,
  });
  const pr = await client.rest.pulls.create({
    owner: 'acme',
    repo,
    head: branch,
    base: 'main',
    title: `Add ${branch}`,
  });
  return { number: pr.data.number, head: commit.data.sha };
}

/** Fails the test when an answer or a webhook payload did not match GitHub's description. */
export async function expectNoViolations(devstack: Devstack) {
  // Payloads are checked as they are sent.
  await devstack.forge.webhooks.idle();
  const violations = devstack.forge.responseViolations.splice(0);
  if (violations.length)
    throw new Error(
      `answers off the description: ${JSON.stringify(violations)}`,
    );
}
