/** Reading a branch through the git data API: its head, tree and files, as one snapshot. */
import { InputError } from '@backstage/errors';
import { GithubClient } from './client';
import { forwarded, github, statusOf } from './errors';

export interface Repository {
  owner: string;
  repo: string;
}

export interface BranchSnapshot {
  branch: string;
  head: string;
  treeSha: string;
  /** Path → blob SHA of every file on the branch (of those listed, when `truncated`). */
  blobs: Map<string, string>;
  /** GitHub listed the tree only in part: a path missing from `blobs` may still exist. */
  truncated: boolean;
}

/** The repository's default branch; a missing repository is the template author's to fix. */
export async function defaultBranch(
  client: GithubClient,
  { owner, repo }: Repository,
): Promise<string> {
  try {
    return (await client.rest.repos.get({ owner, repo })).data.default_branch;
  } catch (e) {
    if (statusOf(e) === 404)
      throw new InputError(
        `Repository ${owner}/${repo} not found; check the repository's owner and name (repoUrl or runway.github)`,
      );
    throw forwarded(`read ${owner}/${repo}`, e);
  }
}

/** The branch's head commit, or undefined; matching-refs answers [] rather than a 404 when it is missing. */
export async function findBranch(
  client: GithubClient,
  { owner, repo }: Repository,
  branch: string,
): Promise<string | undefined> {
  const { data } = await github(
    `look for branch ${branch} in ${owner}/${repo}`,
    () =>
      client.rest.git.listMatchingRefs({ owner, repo, ref: `heads/${branch}` }),
  );
  return data.find(r => r.ref === `refs/heads/${branch}`)?.object.sha;
}

/**
 * Every file of the commit `head`, with its tree. A tree GitHub lists only in part is refused
 * unless the caller can do without a full listing (`allowTruncated`).
 */
export async function readCommit(
  client: GithubClient,
  { owner, repo }: Repository,
  branch: string,
  head: string,
  options: { allowTruncated?: boolean } = {},
): Promise<BranchSnapshot> {
  const at = `${owner}/${repo}`;
  const { data: commit } = await github(`read commit ${head} of ${at}`, () =>
    client.rest.git.getCommit({ owner, repo, commit_sha: head }),
  );
  const { data: tree } = await github(`read the tree of ${at}`, () =>
    client.rest.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: 'true',
    }),
  );
  // A truncated listing makes files look absent: a teardown would call itself done.
  if (tree.truncated && !options.allowTruncated) {
    throw new Error(
      `GitHub listed the tree of ${at} only in part (too many files), so Runway cannot tell which files it already holds; move unrelated files out of ${at}.`,
    );
  }
  const blobs = new Map(
    tree.tree
      .filter(e => e.type === 'blob' && e.path && e.sha)
      .map(e => [e.path!, e.sha!]),
  );
  return {
    branch,
    head,
    treeSha: commit.tree.sha,
    blobs,
    truncated: Boolean(tree.truncated),
  };
}

/** The default branch as it is now. */
export async function readDefaultBranch(
  client: GithubClient,
  repository: Repository,
): Promise<BranchSnapshot> {
  const branch = await defaultBranch(client, repository);
  const head = await findBranch(client, repository, branch);
  if (!head)
    throw new Error(
      `${repository.owner}/${repository.repo} has no commit on its default branch ${branch}; push one first.`,
    );
  return readCommit(client, repository, branch, head);
}
