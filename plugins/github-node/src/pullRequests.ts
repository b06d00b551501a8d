/**
 * Proposes files as one pull request: commits them on a branch (made from the default branch) and
 * opens the pull request, or updates the one already open. Each step first looks for what an
 * earlier, interrupted run made, and runs through the caller's checkpoint when it has one (the
 * scaffolder's), so a retried task updates the same branch and pull request instead of making new ones.
 */
import { InputError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { findOrCreate } from './findOrCreate';
import { GithubClient } from './client';
import { Repository, defaultBranch } from './branches';
import { FileChanges, commitFiles } from './commitFiles';
import { forwarded, github, statusOf } from './errors';

/** The scaffolder's `ctx.checkpoint`, or anything that runs `fn` once per key. */
export type Checkpoint = <T extends JsonValue | void>(options: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;

const runNow: Checkpoint = async ({ fn }) => fn();

export interface PullRequestRequest extends Repository {
  /** The head branch: never the default branch. */
  branch: string;
  /** Path → new content, or null to delete the file. */
  files: FileChanges;
  title: string;
  /** The pull request's description. */
  body: string;
  commitMessage: string;
  labels?: string[];
}

export interface PullRequestResult {
  prUrl: string;
  prNumber: number;
  branch: string;
}

type OpenPull = {
  number: number;
  url: string;
  labels: string[];
};

type ListedPull = {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  head: { ref: string };
  labels: ({ name?: string } | string)[];
};

export async function openPullRequest(
  client: GithubClient,
  request: PullRequestRequest,
  options: {
    checkpoint?: Checkpoint;
    /** The caller's name for `branch` in errors, e.g. an action's input `branchName`. */
    branchField?: string;
  } = {},
): Promise<PullRequestResult> {
  const checkpoint = options.checkpoint ?? runNow;
  const { owner, repo, branch } = request;
  const at = `${owner}/${repo}`;
  const base = await defaultBranch(client, request);
  if (branch === base)
    throw new InputError(
      `${
        options.branchField ?? 'branch'
      } ${branch} is the default branch of ${at}; give a new branch name`,
    );
  // ':' can be in none of the three names, so two different pull requests never share a key.
  const id = `${owner}/${repo}:${branch}.v1`;
  await checkpoint({
    key: `github.branch.${id}`,
    fn: async () => {
      const commit = await commitFiles(client, {
        owner,
        repo,
        branch,
        files: request.files,
        message: request.commitMessage,
      });
      if (!commit.changed && commit.createdFrom)
        throw new InputError(
          `${Object.keys(request.files).join(
            ', ',
          )} on ${base} of ${at} are already as proposed (that content, or absent); there is nothing to propose`,
        );
      return { sha: commit.sha, changed: commit.changed };
    },
  });
  const pull = await checkpoint<OpenPull>({
    key: `github.pr.${id}`,
    fn: () =>
      ensurePullRequest(client, {
        owner,
        repo,
        head: branch,
        base,
        title: request.title,
        body: request.body,
      }),
  });
  const wanted = (request.labels ?? []).filter(l => !pull.labels.includes(l));
  if (wanted.length)
    await checkpoint<string[]>({
      key: `github.labels.${id}`,
      fn: () =>
        github(`add labels to ${at}#${pull.number}`, async () => {
          const { data } = await client.rest.issues.addLabels({
            owner,
            repo,
            issue_number: pull.number,
            labels: wanted,
          });
          return data.map(l => l.name);
        }),
    });
  return { prUrl: pull.url, prNumber: pull.number, branch };
}

/** The open pull request from `head`, updated to this title and body; opened if there is none. */
export async function ensurePullRequest(
  client: GithubClient,
  request: Repository & {
    head: string;
    base: string;
    title: string;
    body: string;
  },
): Promise<OpenPull> {
  const { owner, repo, head, base, title, body } = request;
  const at = `${owner}/${repo}`;
  const update = async (pull: ListedPull): Promise<OpenPull> => {
    if (pull.title !== title || (pull.body ?? '') !== body)
      await github(`update ${at}#${pull.number}`, () =>
        client.rest.pulls.update({
          owner,
          repo,
          pull_number: pull.number,
          title,
          body,
        }),
      );
    return {
      number: pull.number,
      url: pull.html_url,
      labels: pull.labels.map(l => (typeof l === 'string' ? l : l.name ?? '')),
    };
  };
  const existing = await findOpenPullRequests(client, request, head);
  if (existing[0]) return update(existing[0]);
  try {
    return await findOrCreate<OpenPull>({
      find: async () => {
        const made = (await findOpenPullRequests(client, request, head))[0];
        return made && update(made);
      },
      create: async () => {
        const { data } = await client.rest.pulls.create({
          owner,
          repo,
          head,
          base,
          title,
          body,
        });
        return { number: data.number, url: data.html_url, labels: [] };
      },
    });
  } catch (e) {
    // A retried create whose first attempt went through answers 422 "already exists".
    const raced =
      statusOf(e) === 422 &&
      (await findOpenPullRequests(client, request, head))[0];
    if (raced) return update(raced);
    throw forwarded(`open a pull request from ${head} in ${at}`, e);
  }
}

/** The open pull requests whose head is `branch` of the repository itself. */
export async function findOpenPullRequests(
  client: GithubClient,
  { owner, repo }: Repository,
  branch: string,
): Promise<ListedPull[]> {
  const { data } = await github(
    `list the pull requests of ${owner}/${repo} from ${branch}`,
    () =>
      client.rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${owner}:${branch}`,
        per_page: 100,
      }),
  );
  return data.filter(p => p.head.ref === branch);
}
