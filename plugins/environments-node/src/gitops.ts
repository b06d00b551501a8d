/**
 * GitOps delivery: an environment is the folder `environments/<name>/` of platform-config, which
 * Argo CD syncs. Commits go straight to the default branch through the git data API, one commit
 * per change, and only when the branch does not already hold exactly that content, so a retried
 * task or teardown never makes a second commit.
 */
import crypto from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { parseAllDocuments } from 'yaml';
import {
  environmentBranch,
  environmentDirectory,
  isEnvironmentResource,
} from './labels';

export interface Repository {
  owner: string;
  repo: string;
}

/** Path → new content, or null to delete the file. */
export type FileChanges = Record<string, string | null>;

export interface CommitResult {
  /** The commit that holds the change (the branch head when nothing had to change). */
  sha: string;
  changed: boolean;
  branch: string;
}

/** The SHA git gives a blob with this content, to compare without uploading. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return crypto
    .createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

const status = (e: unknown) => (e as { status?: number })?.status;

async function githubCall<T>(what: string, call: () => Promise<T>) {
  try {
    return await call();
  } catch (e) {
    throw new Error(
      `GitHub: could not ${what}: ${status(e) ?? ''} ${
        e instanceof Error ? e.message : e
      }`.replace(/ {2}/g, ' '),
    );
  }
}

/** Files of the default branch under `dir`, path → blob SHA. */
async function branchState(client: Octokit, { owner, repo }: Repository) {
  const at = `${owner}/${repo}`;
  const { data: repository } = await githubCall(`read ${at}`, () =>
    client.rest.repos.get({ owner, repo }),
  );
  const branch = repository.default_branch;
  const { data: ref } = await githubCall(`read ${branch} of ${at}`, () =>
    client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
  );
  const head = ref.object.sha;
  const { data: commit } = await githubCall(`read commit ${head}`, () =>
    client.rest.git.getCommit({ owner, repo, commit_sha: head }),
  );
  const { data: tree } = await githubCall(`read the tree of ${at}`, () =>
    client.rest.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: 'true',
    }),
  );
  // A truncated listing would make files look absent: a teardown would call itself done.
  if (tree.truncated) {
    throw new Error(
      `GitHub listed the tree of ${at} only in part (too many files); Runway cannot tell what is under environments/. Move unrelated files out of the platform-config repository (runway.environments.delivery.platformConfigRepo).`,
    );
  }
  const blobs = new Map(
    tree.tree
      .filter(e => e.type === 'blob' && e.path && e.sha)
      .map(e => [e.path!, e.sha!]),
  );
  return { branch, head, treeSha: commit.tree.sha, blobs };
}

/**
 * Commits `files` on the default branch, unless it already has them. A concurrent commit that
 * moves the branch between our read and our update is retried on top of it.
 */
export async function commitToDefaultBranch(
  client: Octokit,
  repository: Repository,
  files: FileChanges,
  message: string,
): Promise<CommitResult> {
  const { owner, repo } = repository;
  for (let attempt = 0; ; attempt++) {
    const state = await branchState(client, repository);
    const needed = Object.entries(files).filter(([path, content]) =>
      content === null
        ? state.blobs.has(path)
        : state.blobs.get(path) !== gitBlobSha(content),
    );
    if (needed.length === 0) {
      return { sha: state.head, changed: false, branch: state.branch };
    }
    const { data: tree } = await githubCall(
      `create a tree in ${owner}/${repo}`,
      () =>
        client.rest.git.createTree({
          owner,
          repo,
          base_tree: state.treeSha,
          tree: needed.map(([path, content]) =>
            content === null
              ? { path, mode: '100644', type: 'blob', sha: null }
              : { path, mode: '100644', type: 'blob', content },
          ),
        }),
    );
    const { data: commit } = await githubCall(
      `create a commit in ${owner}/${repo}`,
      () =>
        client.rest.git.createCommit({
          owner,
          repo,
          message,
          tree: tree.sha,
          parents: [state.head],
        }),
    );
    try {
      await client.rest.git.updateRef({
        owner,
        repo,
        ref: `heads/${state.branch}`,
        sha: commit.sha,
        force: false,
      });
      return { sha: commit.sha, changed: true, branch: state.branch };
    } catch (e) {
      // 422: someone else moved the branch; build on their commit instead.
      if (status(e) !== 422 || attempt >= 2) {
        throw new Error(
          `GitHub: could not move ${
            state.branch
          } of ${owner}/${repo} to the new commit: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
    }
  }
}

/**
 * Removes `environments/<name>/` from the default branch, after checking that every document in
 * it is a resource Runway made for that environment: a folder holding anything else is left alone
 * and reported, never half-deleted.
 */
export async function removeEnvironmentDirectory(
  client: Octokit,
  repository: Repository,
  name: string,
): Promise<CommitResult & { removed: string[] }> {
  const { owner, repo } = repository;
  const dir = `${environmentDirectory(name)}/`;
  const state = await branchState(client, repository);
  const paths = [...state.blobs.keys()].filter(p => p.startsWith(dir));
  if (paths.length === 0) {
    return {
      sha: state.head,
      changed: false,
      branch: state.branch,
      removed: [],
    };
  }
  const foreign: string[] = [];
  for (const path of paths) {
    const { data: blob } = await githubCall(`read ${path}`, () =>
      client.rest.git.getBlob({
        owner,
        repo,
        file_sha: state.blobs.get(path)!,
      }),
    );
    const text = Buffer.from(blob.content, 'base64').toString('utf8');
    const docs = parseAllDocuments(text)
      .map(d => d.toJS())
      .filter(d => d !== null && d !== undefined);
    if (docs.length === 0 || !docs.every(d => isEnvironmentResource(d, name))) {
      foreign.push(path);
    }
  }
  if (foreign.length > 0) {
    throw new Error(
      `${owner}/${repo} has files under ${dir} that are not resources Runway made for environment ${name} (${foreign.join(
        ', ',
      )}); nothing was removed. Move them out of ${dir}, then the teardown is retried.`,
    );
  }
  const result = await commitToDefaultBranch(
    client,
    repository,
    Object.fromEntries(paths.map(p => [p, null])),
    `Tear down environment ${name}`,
  );
  return { ...result, removed: paths };
}

/**
 * Closes the open pull requests that would create environment `name` (delivery by pull request),
 * each with a comment saying why: merged after the teardown, one would bring back an environment
 * Runway no longer tracks. Returns their numbers.
 */
export async function closeEnvironmentPullRequests(
  client: Octokit,
  repository: Repository,
  name: string,
  reason: string,
): Promise<number[]> {
  const { owner, repo } = repository;
  const head = `${owner}:${environmentBranch(name)}`;
  const { data: pulls } = await githubCall(
    `list the pull requests of ${head}`,
    () => client.rest.pulls.list({ owner, repo, head, state: 'open' }),
  );
  for (const pull of pulls) {
    // Closed first: a retry after a failed comment must not find it open and comment again.
    await githubCall(`close pull request #${pull.number}`, () =>
      client.rest.pulls.update({
        owner,
        repo,
        pull_number: pull.number,
        state: 'closed',
      }),
    );
    await githubCall(`comment on pull request #${pull.number}`, () =>
      client.rest.issues.createComment({
        owner,
        repo,
        issue_number: pull.number,
        body: `Runway tore environment \`${name}\` down (${reason}). Closed this pull request: merged now, it would bring back an environment that Runway no longer tracks, extends or tears down. Create a new environment instead.`,
      }),
    );
  }
  return pulls.map(pull => pull.number);
}
