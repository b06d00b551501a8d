/**
 * The one pull request per service and stage, on branch `runway/deploy-<service>-<stage>`: opened
 * on the first bump, moved to a newer tag on the next, left alone when the tag is already there.
 * The branch is always one commit on top of main, so it never conflicts.
 */
import type { Octokit } from '@octokit/rest';
import { readImageTag, setImageTag } from './applicationImage';
import type { Stage } from './inputs';

/** Staging's pull requests carry it; platform-config's auto-merge workflow merges them when green. */
export const AUTO_MERGE_LABEL = 'runway/auto-merge';
export const DEPLOY_LABEL = 'runway/deploy';

export interface DeployTarget {
  owner: string;
  repo: string;
  service: string;
  stage: Stage;
}

export interface DeployChange {
  tag: string;
  title: string;
  body: string;
}

export type DeployOutcome =
  | { kind: 'unchanged'; reason: string; url?: string }
  | { kind: 'opened' | 'updated'; url: string; number: number; from?: string };

export const applicationPath = (t: DeployTarget) =>
  `apps/${t.service}/${t.stage}.yaml`;
export const deployBranch = (t: DeployTarget) =>
  `runway/deploy-${t.service}-${t.stage}`;

/** The file's text at a ref, or undefined when the file is not there. */
export async function readFileAt(
  octokit: Octokit,
  t: DeployTarget,
  ref: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner: t.owner,
      repo: t.repo,
      path: applicationPath(t),
      ref,
    });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data))
      return undefined;
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

async function openPullRequestFor(octokit: Octokit, t: DeployTarget) {
  const { data } = await octokit.rest.pulls.list({
    owner: t.owner,
    repo: t.repo,
    state: 'open',
    head: `${t.owner}:${deployBranch(t)}`,
  });
  return data[0];
}

/** A commit on top of main's head that changes only the Application file. */
async function commitOnMain(
  octokit: Octokit,
  t: DeployTarget,
  mainSha: string,
  content: string,
  message: string,
): Promise<string> {
  const { owner, repo } = t;
  const { data: head } = await octokit.rest.git.getCommit({
    owner,
    repo,
    commit_sha: mainSha,
  });
  const { data: tree } = await octokit.rest.git.createTree({
    owner,
    repo,
    base_tree: head.tree.sha,
    tree: [{ path: applicationPath(t), mode: '100644', type: 'blob', content }],
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message,
    tree: tree.sha,
    parents: [mainSha],
  });
  return commit.sha;
}

/** Points the deploy branch at sha, creating it the first time (a force move after that). */
async function moveBranch(octokit: Octokit, t: DeployTarget, sha: string) {
  const ref = `heads/${deployBranch(t)}`;
  try {
    await octokit.rest.git.updateRef({
      owner: t.owner,
      repo: t.repo,
      ref,
      sha,
      force: true,
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 422 && status !== 404) throw error;
    await octokit.rest.git.createRef({
      owner: t.owner,
      repo: t.repo,
      ref: `refs/${ref}`,
      sha,
    });
  }
}

/** Opens, updates or leaves alone the service's pull request for this stage. */
export async function ensureDeployPullRequest(
  octokit: Octokit,
  t: DeployTarget,
  change: DeployChange,
): Promise<DeployOutcome> {
  const { owner, repo } = t;
  const file = applicationPath(t);
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  const base = repository.default_branch;
  const { data: mainRef } = await octokit.rest.git.getRef({
    owner,
    repo,
    ref: `heads/${base}`,
  });
  const onMain = await readFileAt(octokit, t, mainRef.object.sha);
  if (onMain === undefined)
    throw new Error(
      `${owner}/${repo} has no ${file} on ${base}: the service's Applications come with its new-service pull request; merge that first.`,
    );
  const mainTag = readImageTag(onMain, file, t.service);
  const pull = await openPullRequestFor(octokit, t);
  if (mainTag === change.tag)
    return {
      kind: 'unchanged',
      reason: `${t.stage} already runs ${change.tag} (${file} on ${base})`,
      url: pull?.html_url,
    };
  if (pull) {
    const onBranch = await readFileAt(octokit, t, pull.head.sha);
    if (
      onBranch !== undefined &&
      readImageTag(onBranch, file, t.service) === change.tag
    )
      return {
        kind: 'unchanged',
        reason: `pull request #${pull.number} already deploys ${change.tag}`,
        url: pull.html_url,
      };
  }
  const content = setImageTag(onMain, file, t.service, change.tag);
  const sha = await commitOnMain(
    octokit,
    t,
    mainRef.object.sha,
    content,
    change.title,
  );
  await moveBranch(octokit, t, sha);
  const labels =
    t.stage === 'staging' ? [DEPLOY_LABEL, AUTO_MERGE_LABEL] : [DEPLOY_LABEL];
  if (pull) {
    await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.number,
      title: change.title,
      body: change.body,
    });
    return {
      kind: 'updated',
      url: pull.html_url,
      number: pull.number,
      from: mainTag,
    };
  }
  const { data: created } = await octokit.rest.pulls.create({
    owner,
    repo,
    head: deployBranch(t),
    base,
    title: change.title,
    body: change.body,
  });
  await octokit.rest.issues.addLabels({
    owner,
    repo,
    issue_number: created.number,
    labels,
  });
  return {
    kind: 'opened',
    url: created.html_url,
    number: created.number,
    from: mainTag,
  };
}
