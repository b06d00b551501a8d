import type { Octokit } from '@octokit/rest';

/**
 * Opens a pull request as a person would, through the GitHub API: a new branch from the default
 * branch, one commit per file, then the pull request. For tests that need a pull request to act on.
 */
export async function openPullRequest(
  octokit: Octokit,
  options: {
    owner: string;
    repo: string;
    branch: string;
    /** Path → content; default one placeholder file. */
    files?: Record<string, string>;
    title?: string;
  },
) {
  const { owner, repo, branch } = options;
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  const base = repository.default_branch;
  const { data: head } = await octokit.rest.git.getRef({
    owner,
    repo,
    ref: `heads/${base}`,
  });
  await octokit.rest.git.createRef({
    owner,
    repo,
    ref: `refs/heads/${branch}`,
    sha: head.object.sha,
  });
  const files = options.files ?? { [`${branch}.md`]: 'work in progress\n' };
  for (const [path, content] of Object.entries(files)) {
    await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch,
      path,
      message: `Add ${path}`,
      content: Buffer.from(content).toString('base64'),
    });
  }
  const { data } = await octokit.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base,
    title: options.title ?? branch,
  });
  return data;
}
