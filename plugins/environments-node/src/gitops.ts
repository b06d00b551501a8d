/**
 * The GitOps side of an environment's teardown: its folder `environments/<name>/` leaves
 * platform-config's default branch (only when everything in it is Runway's for that environment),
 * and an unmerged delivery pull request is closed with a comment saying why.
 */
import {
  CommitResult,
  GithubClient,
  Repository,
  commitFiles,
  findOpenPullRequests,
  github,
  isBranchMoved,
  readDefaultBranch,
  upsertMarkedComment,
} from '@runway/github-node';
import { parseAllDocuments } from 'yaml';
import {
  environmentBranch,
  environmentDirectory,
  isEnvironmentResource,
} from './labels';

/**
 * Removes `environments/<name>/` from the default branch, after checking that every document in
 * it is a resource Runway made for that environment (labelled, and an Application named `rw-...`):
 * a folder holding anything else is left alone and reported, never half-deleted.
 */
export async function removeEnvironmentDirectory(
  client: GithubClient,
  repository: Repository,
  name: string,
  options: { attempts?: number; backoffMs?: number } = {},
): Promise<CommitResult & { removed: string[] }> {
  // Another teardown (or delivery) may move the branch between our read and our ref update, more
  // often than commitFiles retries: read the branch again and remove what is still there.
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await removeOnce(client, repository, name);
    } catch (e) {
      if (!isBranchMoved(e) || attempt >= attempts) throw e;
      const unit = options.backoffMs ?? 50;
      await new Promise(r =>
        setTimeout(r, unit * attempt * (1 + Math.random())),
      );
    }
  }
}

async function removeOnce(
  client: GithubClient,
  repository: Repository,
  name: string,
): Promise<CommitResult & { removed: string[] }> {
  const { owner, repo } = repository;
  const dir = `${environmentDirectory(name)}/`;
  const state = await readDefaultBranch(client, repository);
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
    const { data: blob } = await github(
      `read ${path} of ${owner}/${repo}`,
      () =>
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
  const result = await commitFiles(client, {
    ...repository,
    files: Object.fromEntries(paths.map(p => [p, null])),
    message: `Tear down environment ${name}`,
  });
  return { ...result, removed: paths };
}

/**
 * The names of the folders under `environments/` on the default branch that hold a file (one
 * recursive tree read), sorted. Any folder name is listed, valid environment name or not: the
 * caller decides what it may touch.
 */
export async function listEnvironmentDirectories(
  client: GithubClient,
  repository: Repository,
): Promise<string[]> {
  const root = environmentDirectory('');
  const state = await readDefaultBranch(client, repository);
  const names = new Set<string>();
  for (const path of state.blobs.keys()) {
    if (!path.startsWith(root)) continue;
    const rest = path.slice(root.length);
    const slash = rest.indexOf('/');
    if (slash > 0) names.add(rest.slice(0, slash));
  }
  return [...names].sort();
}

/** Starts Runway's teardown comment on a delivery pull request (hidden in the rendered comment). */
export const TEARDOWN_COMMENT_MARKER = '<!-- runway:environment-teardown -->';

/**
 * Closes the open pull requests that would create environment `name` (delivery by pull request),
 * each with a comment saying why: merged after the teardown, one would bring back an environment
 * Runway no longer tracks. Returns their numbers.
 */
export async function closeEnvironmentPullRequests(
  client: GithubClient,
  repository: Repository,
  name: string,
  reason: string,
): Promise<number[]> {
  const { owner, repo } = repository;
  const pulls = await findOpenPullRequests(
    client,
    repository,
    environmentBranch(name),
  );
  for (const pull of pulls) {
    // Closed first: a retry after a failed comment must not find it open and comment again.
    await github(`close pull request #${pull.number}`, () =>
      client.rest.pulls.update({
        owner,
        repo,
        pull_number: pull.number,
        state: 'closed',
      }),
    );
    // Marked, so a teardown run twice edits its comment instead of adding a second.
    await upsertMarkedComment(
      client,
      { owner, repo, number: pull.number },
      TEARDOWN_COMMENT_MARKER,
      `Runway tore environment \`${name}\` down (${reason}). Closed this pull request: merged now, it would bring back an environment that Runway no longer tracks, extends or tears down. Create a new environment instead.`,
    );
  }
  return pulls.map(pull => pull.number);
}
