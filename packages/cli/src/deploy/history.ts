/**
 * The tags a stage ran, newest first, from the history of its Application file on main: what
 * `runway deploy rollback` restores (the revert pull request is the rollback).
 */
import type { Octokit } from '@octokit/rest';
import { readImageTag } from './applicationImage';
import { DeployTarget, applicationPath, readFileAt } from './deployPullRequest';

/** How far back a rollback looks: the file's last commits on main. */
const HISTORY_DEPTH = 50;

/** Distinct consecutive tags of the file on main, newest first (the first is what runs now). */
export async function tagHistory(
  octokit: Octokit,
  t: DeployTarget,
): Promise<string[]> {
  const { data: repository } = await octokit.rest.repos.get({
    owner: t.owner,
    repo: t.repo,
  });
  const { data: commits } = await octokit.rest.repos.listCommits({
    owner: t.owner,
    repo: t.repo,
    sha: repository.default_branch,
    path: applicationPath(t),
    per_page: HISTORY_DEPTH,
  });
  const tags: string[] = [];
  for (const commit of commits) {
    const text = await readFileAt(octokit, t, commit.sha);
    // Older than the file itself: the history ends here.
    if (text === undefined) break;
    const tag = readImageTag(text, applicationPath(t), t.service);
    if (tag && tags[tags.length - 1] !== tag) tags.push(tag);
  }
  return tags;
}
