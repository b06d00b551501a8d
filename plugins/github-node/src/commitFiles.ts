/**
 * Commits files to a branch through the git data API: one commit per change, and only when the
 * branch does not already hold exactly that content, so a retried task or teardown never makes a
 * second commit. A branch that does not exist yet is made from the default branch.
 */
import { GithubClient } from './client';
import { gitBlobSha } from './blobSha';
import {
  BranchSnapshot,
  Repository,
  defaultBranch,
  findBranch,
  readCommit,
} from './branches';
import { forwarded, github, statusOf } from './errors';
import { findOrCreate } from './findOrCreate';
import { BranchMovedError } from './refs';

/** Path → new content, or null to delete the file. */
export type FileChanges = Record<string, string | null>;

export interface CommitRequest extends Repository {
  /** Default: the repository's default branch. */
  branch?: string;
  files: FileChanges;
  message: string;
}

export interface CommitResult {
  /** The commit that holds the change (the branch head when nothing had to change). */
  sha: string;
  changed: boolean;
  branch: string;
  /** The branch the change started from when it had to be made (the default branch). */
  createdFrom?: string;
}

/**
 * Paths whose content on the branch differs from `files`. From a partial listing every write is
 * pending (the tree GitHub builds tells whether it changed anything); a deletion cannot be judged.
 */
export function pendingChanges(
  snapshot: Pick<BranchSnapshot, 'blobs' | 'truncated'>,
  files: FileChanges,
): [string, string | null][] {
  if (snapshot.truncated) {
    const deletions = Object.keys(files).filter(p => files[p] === null);
    if (deletions.length)
      throw new Error(
        `GitHub listed the repository's tree only in part, so Runway cannot tell whether ${deletions.join(
          ', ',
        )} exist; nothing was deleted. Move unrelated files out of the repository.`,
      );
    return Object.entries(files);
  }
  return Object.entries(files).filter(([path, content]) =>
    content === null
      ? snapshot.blobs.has(path)
      : snapshot.blobs.get(path) !== gitBlobSha(content),
  );
}

/**
 * Commits `files` on the branch unless it already has them. A concurrent commit that moves the
 * branch between our read and our update is retried on top of it.
 */
export async function commitFiles(
  client: GithubClient,
  request: CommitRequest,
): Promise<CommitResult> {
  const { owner, repo, files, message } = request;
  const at = `${owner}/${repo}`;
  const base = await defaultBranch(client, request);
  const branch = request.branch ?? base;
  for (let attempt = 0; ; attempt++) {
    const existing = await findBranch(client, request, branch);
    const head = existing ?? (await findBranch(client, request, base));
    if (!head)
      throw new Error(
        `${at} has no commit on its default branch ${base}; push one first.`,
      );
    const snapshot = await readCommit(client, request, branch, head, {
      allowTruncated: true,
    });
    const unchanged = (): CommitResult => ({
      sha: head,
      changed: false,
      branch,
      ...(!existing && { createdFrom: base }),
    });
    const needed = pendingChanges(snapshot, files);
    if (needed.length === 0) return unchanged();
    // Contents inline in the tree: one write instead of a blob per file (GitHub spaces writes out).
    const { data: tree } = await github(`create a tree in ${at}`, () =>
      client.rest.git.createTree({
        owner,
        repo,
        base_tree: snapshot.treeSha,
        tree: needed.map(([path, content]) =>
          content === null
            ? { path, mode: '100644', type: 'blob', sha: null }
            : { path, mode: '100644', type: 'blob', content },
        ),
      }),
    );
    if (tree.sha === snapshot.treeSha) return unchanged();
    const { data: commit } = await github(`create a commit in ${at}`, () =>
      client.rest.git.createCommit({
        owner,
        repo,
        message,
        tree: tree.sha,
        parents: [head],
      }),
    );
    try {
      if (existing)
        await client.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: commit.sha,
          force: false,
        });
      // A lost answer may hide a branch GitHub made: look before making it again.
      else
        await findOrCreate({
          find: async () =>
            (await findBranch(client, { owner, repo }, branch)) === commit.sha
              ? true
              : undefined,
          create: async () => {
            await client.rest.git.createRef({
              owner,
              repo,
              ref: `refs/heads/${branch}`,
              sha: commit.sha,
            });
            return true;
          },
        });
      return {
        sha: commit.sha,
        changed: true,
        branch,
        ...(!existing && { createdFrom: base }),
      };
    } catch (e) {
      // 422: someone else moved (or made) the branch meanwhile; build on their commit instead.
      if (statusOf(e) !== 422)
        throw forwarded(`move branch ${branch} of ${at} to the new commit`, e);
      if (attempt >= 2)
        throw new BranchMovedError(
          `GitHub: could not move branch ${branch} of ${at} to the new commit: others kept moving it`,
          e,
        );
    }
  }
}
