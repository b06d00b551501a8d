/**
 * Branches as shared resources: one writer per branch inside a process, a recognisable error
 * when another writer moved the branch first, and deleting a branch that may already be gone.
 */
import { ForwardedError } from '@backstage/errors';
import { GithubClient } from './client';
import { Repository } from './branches';
import { forwarded, statusOf } from './errors';

/**
 * Another writer moved the branch between Runway's read and its ref update (GitHub's 422 "Update
 * is not a fast forward" / "Reference already exists"), more often than commitFiles retries. The
 * caller re-reads the branch and applies its change again.
 */
export class BranchMovedError extends ForwardedError {
  readonly name = 'BranchMovedError';
}

/** Whether `error` (or what it wraps) is a lost race for a branch. */
export function isBranchMoved(error: unknown): boolean {
  for (let e = error as any; e; e = e.cause) {
    if (e instanceof BranchMovedError || e?.name === 'BranchMovedError')
      return true;
  }
  return false;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier call with the same key has settled, so writers of one branch in
 * this process take turns instead of racing for the ref (other processes still can: retry on
 * {@link isBranchMoved}).
 */
export async function serialised<T>(
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** The key {@link serialised} takes for a branch of a repository on the client's forge. */
export function branchKey(
  client: GithubClient,
  { owner, repo }: Repository,
  branch: string,
): string {
  const baseUrl = client.request.endpoint.DEFAULTS.baseUrl;
  return `${baseUrl} ${owner}/${repo}#${branch}`;
}

/**
 * Deletes the branch; a branch already gone (404, or 422 "Reference does not exist") is success.
 * Answers whether this call deleted it.
 */
export async function deleteBranch(
  client: GithubClient,
  { owner, repo }: Repository,
  branch: string,
): Promise<boolean> {
  try {
    await client.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
    return true;
  } catch (e) {
    const status = statusOf(e);
    if (status === 404 || status === 422) return false;
    throw forwarded(`delete branch ${branch} of ${owner}/${repo}`, e);
  }
}
