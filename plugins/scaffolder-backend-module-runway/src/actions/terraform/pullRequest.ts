/**
 * Puts a change on a branch with the git data API and opens one pull request for it. Each write is
 * a checkpoint, and each step first looks for what an earlier, interrupted run already made, so a
 * retried or re-run task updates the same branch and pull request instead of making new ones.
 */
import { InputError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { gitBlobSha } from '@runway/plugin-environments-node';
import { TerraformChange } from './change';
import { GithubClient, forwarded, github, statusOf } from './github';

export type PullRequestResult = {
  prUrl: string;
  prNumber: number;
  branch: string;
};

type Checkpoint = ActionContext<{}>['checkpoint'];
type BranchResult = { sha: string; changed: boolean };
type PullResult = { number: number; url: string; labels: string[] };
type Pull = {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  head: { ref: string };
  labels: ({ name?: string } | string)[];
};

/** What a pull request carries: the files on a branch, with a title and labels. */
export type PullRequestChange = Pick<
  TerraformChange,
  'owner' | 'repo' | 'branch' | 'files' | 'title' | 'labels'
>;

export interface PublishRequest {
  change: PullRequestChange;
  /** The pull request's description (see prBody.ts). */
  body: string;
  commitMessage: string;
}

export async function publishPullRequest(
  client: GithubClient,
  request: PublishRequest,
  ctx: { checkpoint: Checkpoint },
): Promise<PullRequestResult> {
  const { owner, repo, branch } = request.change;
  const base = await defaultBranch(client, owner, repo);
  if (branch === base)
    throw new InputError(
      `branchName ${branch} is the default branch of ${owner}/${repo}; give a new branch name`,
    );
  const id = `${owner}.${repo}.${branch}.v1`;
  await ctx.checkpoint<BranchResult>({
    key: `terraform.branch.${id}`,
    fn: () => pushBranch(client, request, base),
  });
  const pull = await ctx.checkpoint<PullResult>({
    key: `terraform.pr.${id}`,
    fn: () => ensurePullRequest(client, request, base),
  });
  const wanted = request.change.labels.filter(l => !pull.labels.includes(l));
  if (wanted.length)
    await ctx.checkpoint<string[]>({
      key: `terraform.labels.${id}`,
      fn: () =>
        github(`add labels to ${owner}/${repo}#${pull.number}`, async () => {
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

async function defaultBranch(
  client: GithubClient,
  owner: string,
  repo: string,
) {
  try {
    return (await client.rest.repos.get({ owner, repo })).data.default_branch;
  } catch (e) {
    if (statusOf(e) === 404)
      throw new InputError(
        `platform-config repo ${owner}/${repo} not found — check repoUrl`,
      );
    throw forwarded(`read ${owner}/${repo}`, e);
  }
}

/** Commits the files on the branch (made from the default branch when missing); no-op when they are there. */
async function pushBranch(
  client: GithubClient,
  { change, commitMessage }: PublishRequest,
  base: string,
): Promise<BranchResult> {
  const { owner, repo, branch, files } = change;
  const at = `${owner}/${repo}`;
  const branchSha = await findBranch(client, owner, repo, branch);
  const parentSha =
    branchSha ??
    (
      await github(`read branch ${base} of ${at}`, () =>
        client.rest.git.getRef({ owner, repo, ref: `heads/${base}` }),
      )
    ).data.object.sha;
  const parentTree = (
    await github(`read commit ${parentSha} of ${at}`, () =>
      client.rest.git.getCommit({ owner, repo, commit_sha: parentSha }),
    )
  ).data.tree.sha;
  const unchanged = () => {
    if (!branchSha)
      throw new InputError(
        `${Object.keys(files).join(
          ', ',
        )} on ${base} of ${at} already have this content; there is nothing to propose`,
      );
    return { sha: branchSha, changed: false };
  };
  if (await treeHasFiles(client, change, parentTree)) return unchanged();

  // Contents inline in the tree: one write instead of a blob per file (GitHub spaces writes out).
  const tree = Object.entries(files).map(([path, content]) => ({
    path,
    mode: '100644' as const,
    type: 'blob' as const,
    content,
  }));
  const newTree = await github(`create a tree in ${at}`, () =>
    client.rest.git.createTree({ owner, repo, base_tree: parentTree, tree }),
  );
  if (newTree.data.sha === parentTree) return unchanged();
  const commit = await github(`create a commit in ${at}`, () =>
    client.rest.git.createCommit({
      owner,
      repo,
      message: commitMessage,
      tree: newTree.data.sha,
      parents: [parentSha],
    }),
  );
  const sha = commit.data.sha;
  if (branchSha)
    await github(`move branch ${branch} of ${at}`, () =>
      client.rest.git.updateRef({
        owner,
        repo,
        ref: `heads/${branch}`,
        sha,
        force: false,
      }),
    );
  else
    await github(`create branch ${branch} in ${at}`, () =>
      client.rest.git.createRef({
        owner,
        repo,
        ref: `refs/heads/${branch}`,
        sha,
      }),
    );
  return { sha, changed: true };
}

/** The branch's head commit, or undefined; matching-refs answers [] rather than a 404 when it is missing. */
async function findBranch(
  client: GithubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<string | undefined> {
  const { data } = await github(
    `look for branch ${branch} in ${owner}/${repo}`,
    () =>
      client.rest.git.listMatchingRefs({ owner, repo, ref: `heads/${branch}` }),
  );
  return data.find(r => r.ref === `refs/heads/${branch}`)?.object.sha;
}

/** Whether every file is already in the tree with this exact content. */
async function treeHasFiles(
  client: GithubClient,
  { owner, repo, files }: PullRequestChange,
  treeSha: string,
): Promise<boolean> {
  const { data } = await github(`read the tree of ${owner}/${repo}`, () =>
    client.rest.git.getTree({
      owner,
      repo,
      tree_sha: treeSha,
      recursive: 'true',
    }),
  );
  if (data.truncated) return false;
  const blobs = new Map(
    data.tree.filter(e => e.type === 'blob').map(e => [e.path, e.sha]),
  );
  return Object.entries(files).every(
    ([path, content]) => blobs.get(path) === gitBlobSha(content),
  );
}

/** The open PR for the branch, updated to this title and body; opened if there is none. */
async function ensurePullRequest(
  client: GithubClient,
  { change, body }: PublishRequest,
  base: string,
): Promise<PullResult> {
  const { owner, repo, branch, title } = change;
  const at = `${owner}/${repo}`;
  const update = async (pull: Pull): Promise<PullResult> => {
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
  const existing = await findOpenPull(client, change);
  if (existing) return update(existing);
  try {
    const { data } = await client.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base,
      title,
      body,
    });
    return { number: data.number, url: data.html_url, labels: [] };
  } catch (e) {
    // A retried create whose first attempt went through answers 422 "already exists".
    const raced = statusOf(e) === 422 && (await findOpenPull(client, change));
    if (raced) return update(raced);
    throw forwarded(`open a pull request from ${branch} in ${at}`, e);
  }
}

async function findOpenPull(
  client: GithubClient,
  { owner, repo, branch }: PullRequestChange,
): Promise<Pull | undefined> {
  const { data } = await github(`list pull requests of ${owner}/${repo}`, () =>
    client.rest.pulls.list({
      owner,
      repo,
      state: 'open',
      head: `${owner}:${branch}`,
      per_page: 100,
    }),
  );
  return data.find(p => p.head.ref === branch);
}
