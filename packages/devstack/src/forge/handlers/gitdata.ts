/** The git data API (blobs, trees, commits, refs), commits, contents, archives and statuses, on real git objects. */
import crypto from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BareRepo, CommitInfo } from '../git';
import { repoJson, userJson } from '../json';
import { RepoRecord, fullName, now } from '../state';
import {
  ForgeContext,
  GitHubError,
  Handler,
  body,
  header,
  notFound,
  param,
  query,
  repoOf,
  requirePermission,
} from './types';

const SHA = /^[0-9a-f]{40}$/;

function commitJson(fx: ForgeContext, repo: RepoRecord, c: CommitInfo) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  return {
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${fx.urls.html(repo.owner, repo.name)}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    parents: c.parents.map(p => ({
      sha: p,
      url: `${api}/git/commits/${p}`,
      html_url: `${fx.urls.html(repo.owner, repo.name)}/commit/${p}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

/** The REST "commit" (repos/get-commit, repos/list-commits, status webhooks) wraps the git commit. */
export function repoCommitJson(
  fx: ForgeContext,
  repo: RepoRecord,
  c: CommitInfo,
) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  const author = fx.state.data.users.find(u => u.email === c.author.email);
  const committer = fx.state.data.users.find(
    u => u.email === c.committer.email,
  );
  return {
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${api}/commits/${c.sha}`,
    html_url: `${fx.urls.html(repo.owner, repo.name)}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: author ? userJson(fx, author) : null,
    committer: committer ? userJson(fx, committer) : null,
    parents: c.parents.map(p => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `${fx.urls.html(repo.owner, repo.name)}/commit/${p}`,
    })),
  };
}

function refJson(
  fx: ForgeContext,
  repo: RepoRecord,
  ref: string,
  sha: string,
  type = 'commit',
) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64')}`,
    url: `${api}/git/${ref}`,
    object: { type, sha, url: `${api}/git/commits/${sha}` },
  };
}

function identity(
  fx: ForgeContext,
  input?: { name?: string; email?: string; date?: string },
) {
  return {
    name: input?.name ?? fx.viewer.name,
    email: input?.email ?? fx.viewer.email,
    date: input?.date,
  };
}

/** Moves a ref and tells webhooks, as a push would. */
async function moveRef(
  fx: ForgeContext,
  repo: RepoRecord,
  ref: string,
  sha: string,
  force: boolean,
) {
  const git = fx.git(repo);
  const before = await git.resolve(ref);
  if (before && !force && !(await git.isAncestor(before, sha))) {
    throw new GitHubError(422, 'Update is not a fast forward');
  }
  await git.updateRef(ref, sha);
  repo.pushed_at = now();
  fx.state.save();
  await fx.webhooks.push(repo, ref, before ?? null, sha, fx.viewer);
}

async function requireCommit(git: BareRepo, sha: string, field: string) {
  if (!SHA.test(sha) || (await git.objectType(sha)) !== 'commit') {
    throw new GitHubError(422, `${field} is not a valid commit`, [
      { resource: 'Reference', field, code: 'invalid' },
    ]);
  }
}

export const gitDataHandlers: Record<string, Handler> = {
  'git/create-blob': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const { content, encoding = 'utf-8' } = body(c);
    const sha = await fx
      .git(repo)
      .writeBlob(
        Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
      );
    return {
      status: 201,
      body: {
        sha,
        url: `${fx.urls.repoApi(repo.owner, repo.name)}/git/blobs/${sha}`,
      },
    };
  },

  'git/get-blob': async (c, fx) => {
    const repo = repoOf(c, fx);
    const sha = param(c, 'file_sha');
    const git = fx.git(repo);
    if (!SHA.test(sha) || (await git.objectType(sha)) !== 'blob')
      throw notFound();
    const content = await git.readBlob(sha);
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_${sha}`,
        size: content.length,
        url: `${fx.urls.repoApi(repo.owner, repo.name)}/git/blobs/${sha}`,
        content: content.toString('base64'),
        encoding: 'base64',
      },
    };
  },

  'git/create-tree': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const { tree, base_tree } = body(c);
    const git = fx.git(repo);
    if (base_tree && (await git.objectType(base_tree)) !== 'tree') {
      throw new GitHubError(422, 'Invalid tree info', [
        { resource: 'Tree', field: 'base_tree', code: 'invalid' },
      ]);
    }
    const entries = [];
    for (const entry of tree as any[]) {
      let sha = entry.sha as string | null | undefined;
      if (entry.content !== undefined)
        sha = await git.writeBlob(Buffer.from(entry.content, 'utf8'));
      if (sha && (await git.objectType(sha)) === undefined) {
        throw new GitHubError(422, 'Invalid tree info', [
          { resource: 'Tree', field: 'sha', code: 'invalid' },
        ]);
      }
      entries.push({ path: entry.path, mode: entry.mode, sha: sha ?? null });
    }
    const sha = await git.buildTree(base_tree, entries);
    return { status: 201, body: await treeJson(fx, repo, sha, false) };
  },

  'git/get-tree': async (c, fx) => {
    const repo = repoOf(c, fx);
    const git = fx.git(repo);
    const ref = param(c, 'tree_sha');
    const sha =
      (await git.objectType(ref)) === 'tree'
        ? ref
        : (await git.resolve(ref)) &&
          (await git.commit((await git.resolve(ref))!))?.tree;
    if (!sha) throw notFound();
    return {
      status: 200,
      body: await treeJson(fx, repo, sha, query(c, 'recursive') !== undefined),
    };
  },

  'git/create-commit': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const { message, tree, parents = [], author, committer } = body(c);
    const git = fx.git(repo);
    if ((await git.objectType(tree)) !== 'tree') {
      throw new GitHubError(422, 'Tree SHA does not exist', [
        { resource: 'Commit', field: 'tree', code: 'invalid' },
      ]);
    }
    for (const parent of parents) await requireCommit(git, parent, 'parents');
    const sha = await git.commitTree(
      tree,
      parents,
      message,
      identity(fx, author),
      identity(fx, committer ?? author),
    );
    return {
      status: 201,
      body: commitJson(fx, repo, (await git.commit(sha))!),
    };
  },

  'git/get-commit': async (c, fx) => {
    const repo = repoOf(c, fx);
    const commit = await fx.git(repo).commit(param(c, 'commit_sha'));
    if (!commit) throw notFound();
    return { status: 200, body: commitJson(fx, repo, commit) };
  },

  'git/create-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const { ref, sha } = body(c);
    if (!/^refs\/[^/]+\/.+/.test(ref)) {
      throw new GitHubError(
        422,
        'Reference name must start with refs/ and have at least two slashes.',
      );
    }
    const git = fx.git(repo);
    await requireCommit(git, sha, 'sha');
    if (await git.resolve(ref))
      throw new GitHubError(422, 'Reference already exists');
    await moveRef(fx, repo, ref, sha, true);
    return { status: 201, body: refJson(fx, repo, ref, sha) };
  },

  'git/get-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    const ref = `refs/${param(c, 'ref')}`;
    const found = (await fx.git(repo).refs(ref)).find(r => r.ref === ref);
    if (!found) throw notFound();
    return { status: 200, body: refJson(fx, repo, ref, found.sha) };
  },

  'git/list-matching-refs': async (c, fx) => {
    const repo = repoOf(c, fx);
    const prefix = `refs/${param(c, 'ref')}`;
    const refs = (await fx.git(repo).refs('refs/')).filter(r =>
      r.ref.startsWith(prefix),
    );
    return {
      status: 200,
      body: refs.map(r => refJson(fx, repo, r.ref, r.sha)),
    };
  },

  'git/update-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const ref = `refs/${param(c, 'ref')}`;
    const { sha, force = false } = body(c);
    const git = fx.git(repo);
    if (!(await git.resolve(ref)))
      throw new GitHubError(422, 'Reference does not exist');
    await requireCommit(git, sha, 'sha');
    await moveRef(fx, repo, ref, sha, force);
    return { status: 200, body: refJson(fx, repo, ref, sha) };
  },

  'git/delete-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const ref = `refs/${param(c, 'ref')}`;
    const git = fx.git(repo);
    if (!(await git.resolve(ref)))
      throw new GitHubError(422, 'Reference does not exist');
    await git.deleteRef(ref);
    return { status: 204 };
  },

  'repos/list-commits': async (c, fx) => {
    const repo = repoOf(c, fx);
    const git = fx.git(repo);
    const ref = query(c, 'sha') ?? repo.default_branch;
    const head = await git.resolve(ref);
    if (!head) {
      // An empty repository answers 409, as GitHub does.
      if ((await git.refs()).length === 0)
        throw new GitHubError(409, 'Git Repository is empty.');
      throw notFound();
    }
    const perPage = Number(query(c, 'per_page') ?? 30);
    const shas = await git.log(head, perPage);
    const commits = [];
    for (const sha of shas)
      commits.push(repoCommitJson(fx, repo, (await git.commit(sha))!));
    return { status: 200, body: commits };
  },

  'repos/get-commit': async (c, fx) => {
    const repo = repoOf(c, fx);
    const git = fx.git(repo);
    const sha = await git.resolve(param(c, 'ref'));
    if (!sha)
      throw new GitHubError(422, `No commit found for SHA: ${param(c, 'ref')}`);
    const commit = (await git.commit(sha))!;
    const files = commit.parents[0]
      ? await git.diffFiles(commit.parents[0], sha)
      : [];
    return {
      status: 200,
      body: {
        ...repoCommitJson(fx, repo, commit),
        files,
        stats: {
          additions: files.reduce((n, f) => n + f.additions, 0),
          deletions: files.reduce((n, f) => n + f.deletions, 0),
          total: files.reduce((n, f) => n + f.changes, 0),
        },
      },
    };
  },

  'repos/get-content': async (c, fx) => {
    const repo = repoOf(c, fx);
    const git = fx.git(repo);
    const ref = query(c, 'ref') ?? repo.default_branch;
    const commit = await git.resolve(ref);
    if (!commit)
      throw new GitHubError(404, `No commit found for the ref ${ref}`);
    const filePath = param(c, 'path').replace(/^\/+|\/+$/g, '');
    if (!filePath)
      return { status: 200, body: await dirJson(fx, repo, commit, '') };
    const entry = (await git.lsTree(`${commit}`, true)).find(
      e => e.path === filePath,
    );
    if (!entry) throw notFound();
    if (entry.type === 'tree')
      return { status: 200, body: await dirJson(fx, repo, commit, filePath) };
    const content = await git.readBlob(entry.sha);
    // `application/vnd.github.raw` (or the v3 spelling) asks for the file itself, as Backstage's
    // GitHub URL reader does when the catalogue reads a catalog-info.yaml.
    if (/application\/vnd\.github(\.v3)?\.raw/.test(header(c, 'accept')))
      return {
        status: 200,
        headers: {
          'content-type': 'application/vnd.github.raw; charset=utf-8',
          etag: `"${entry.sha}"`,
        },
        stream: Readable.from([content]),
      };
    return {
      status: 200,
      body: {
        ...contentEntryJson(
          fx,
          repo,
          entry.path,
          'file',
          entry.sha,
          content.length,
          ref,
        ),
        content: content.toString('base64'),
        encoding: 'base64',
      },
    };
  },

  'repos/create-or-update-file-contents': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const {
      message,
      content,
      sha: expectedSha,
      branch = repo.default_branch,
      committer,
      author,
    } = body(c);
    const filePath = param(c, 'path');
    const git = fx.git(repo);
    const ref = `refs/heads/${branch}`;
    const head = await git.resolve(ref);
    const existing = head
      ? (await git.lsTree(head, true)).find(
          e => e.path === filePath && e.type === 'blob',
        )
      : undefined;
    if (existing && !expectedSha) {
      throw new GitHubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    }
    if (existing && expectedSha !== existing.sha) {
      throw new GitHubError(409, `${filePath} does not match ${expectedSha}`);
    }
    const blob = await git.writeBlob(Buffer.from(content, 'base64'));
    const baseTree = head ? (await git.commit(head))!.tree : undefined;
    const tree = await git.buildTree(baseTree, [
      { path: filePath, mode: '100644', sha: blob },
    ]);
    const commitSha = await git.commitTree(
      tree,
      head ? [head] : [],
      message,
      identity(fx, author ?? committer),
      identity(fx, committer ?? author),
    );
    await moveRef(fx, repo, ref, commitSha, false);
    const size = Buffer.from(content, 'base64').length;
    return {
      status: existing ? 200 : 201,
      body: {
        content: contentEntryJson(
          fx,
          repo,
          filePath,
          'file',
          blob,
          size,
          branch,
        ),
        commit: commitJson(fx, repo, (await git.commit(commitSha))!),
      },
    };
  },

  'repos/download-tarball-archive': async (c, fx) =>
    archiveRedirect(c, fx, 'tar.gz'),
  'repos/download-zipball-archive': async (c, fx) =>
    archiveRedirect(c, fx, 'zip'),

  'repos/create-commit-status': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const sha = param(c, 'sha');
    await requireCommit(fx.git(repo), sha, 'sha');
    const {
      state,
      target_url = null,
      description = null,
      context = 'default',
    } = body(c);
    const record = {
      id: fx.state.newId(),
      repo: fullName(repo),
      sha,
      state,
      context,
      description,
      target_url,
      creator: fx.viewer.login,
      created_at: now(),
      updated_at: now(),
    };
    fx.state.data.statuses.push(record);
    fx.state.save();
    const git = fx.git(repo);
    const api = fx.urls.repoApi(repo.owner, repo.name);
    const branches = (await git.refs('refs/heads/'))
      .filter(r => r.sha === sha)
      .map(r => ({
        name: r.ref.slice('refs/heads/'.length),
        commit: { sha, url: `${api}/commits/${sha}` },
        protected: !!repo.protection[r.ref.slice('refs/heads/'.length)],
      }));
    await fx.webhooks.status(
      repo,
      record,
      repoCommitJson(fx, repo, (await git.commit(sha))!),
      branches,
      fx.viewer,
    );
    return { status: 201, body: statusJson(fx, repo, record) };
  },

  // Backstage's GitHub URL reader asks this (per_page=0) for the commit a ref points at.
  'repos/get-combined-status-for-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    const ref = param(c, 'ref');
    const sha = await fx.git(repo).resolve(ref);
    if (!sha) throw notFound();
    const latest = new Map<string, (typeof fx.state.data.statuses)[number]>();
    for (const s of fx.state.data.statuses)
      if (s.repo === fullName(repo) && s.sha === sha) latest.set(s.context, s);
    const statuses = [...latest.values()];
    const state = combinedState(statuses.map(s => s.state));
    const perPage = Number(query(c, 'per_page') ?? 30);
    const api = fx.urls.repoApi(repo.owner, repo.name);
    return {
      status: 200,
      body: {
        state,
        statuses: statuses.slice(0, perPage).map(s => statusJson(fx, repo, s)),
        sha,
        total_count: statuses.length,
        repository: repoJson(fx, repo),
        commit_url: `${api}/commits/${sha}`,
        url: `${api}/commits/${sha}/status`,
      },
    };
  },

  'repos/list-commit-statuses-for-ref': async (c, fx) => {
    const repo = repoOf(c, fx);
    const sha = await fx.git(repo).resolve(param(c, 'ref'));
    const statuses = fx.state.data.statuses
      .filter(s => s.repo === fullName(repo) && s.sha === sha)
      .reverse();
    return { status: 200, body: statuses.map(s => statusJson(fx, repo, s)) };
  },
};

/** GitHub's rule: failure if any failed or errored, success if all (and at least one) succeeded. */
function combinedState(states: string[]): 'failure' | 'success' | 'pending' {
  if (states.some(s => s === 'error' || s === 'failure')) return 'failure';
  if (states.length && states.every(s => s === 'success')) return 'success';
  return 'pending';
}

function statusJson(
  fx: ForgeContext,
  repo: RepoRecord,
  s: ForgeContext['state']['data']['statuses'][number],
) {
  return {
    url: `${fx.urls.repoApi(repo.owner, repo.name)}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: `SC_${s.id}`,
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator: fx.state.user(s.creator)
      ? userJson(fx, fx.state.user(s.creator)!)
      : null,
  };
}

async function treeJson(
  fx: ForgeContext,
  repo: RepoRecord,
  sha: string,
  recursive: boolean,
) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  const entries = await fx.git(repo).lsTree(sha, recursive);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map(e => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined ? { size: e.size } : {}),
      url: `${api}/git/${e.type}s/${e.sha}`,
    })),
  };
}

function contentEntryJson(
  fx: ForgeContext,
  repo: RepoRecord,
  filePath: string,
  type: string,
  sha: string,
  size: number,
  ref: string,
) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  const html = `${fx.urls.html(repo.owner, repo.name)}/blob/${ref}/${filePath}`;
  return {
    type,
    name: path.posix.basename(filePath),
    path: filePath,
    sha,
    size,
    url: `${api}/contents/${filePath}?ref=${ref}`,
    git_url: `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`,
    html_url: html,
    download_url:
      type === 'file'
        ? `${fx.urls.base}/${repo.owner}/${repo.name}/raw/${ref}/${filePath}`
        : null,
    _links: {
      self: `${api}/contents/${filePath}?ref=${ref}`,
      git: `${api}/git/blobs/${sha}`,
      html,
    },
  };
}

async function dirJson(
  fx: ForgeContext,
  repo: RepoRecord,
  commit: string,
  dir: string,
) {
  const entries = await fx.git(repo).lsTree(dir ? `${commit}:${dir}` : commit);
  return entries.map(e =>
    contentEntryJson(
      fx,
      repo,
      dir ? `${dir}/${e.path}` : e.path,
      e.type === 'tree' ? 'dir' : 'file',
      e.sha,
      e.size ?? 0,
      commit,
    ),
  );
}

/** GitHub redirects archive downloads to a short-lived, signed codeload URL. */
async function archiveRedirect(
  c: Parameters<Handler>[0],
  fx: ForgeContext,
  format: 'tar.gz' | 'zip',
) {
  const repo = repoOf(c, fx);
  const ref = param(c, 'ref') || repo.default_branch;
  const sha = await fx.git(repo).resolve(ref);
  if (!sha) throw notFound();
  const expires = Date.now() + 5 * 60_000;
  const location = `${fx.urls.base}/_codeload/${repo.owner}/${
    repo.name
  }/${format}/${sha}?expires=${expires}&token=${signArchive(
    repo,
    sha,
    format,
    expires,
  )}`;
  return { status: 302, headers: { location } };
}

const archiveKey = crypto.randomBytes(32);

export function signArchive(
  repo: RepoRecord,
  sha: string,
  format: string,
  expires: number,
) {
  return crypto
    .createHmac('sha256', archiveKey)
    .update(`${fullName(repo)}|${sha}|${format}|${expires}`)
    .digest('hex');
}
