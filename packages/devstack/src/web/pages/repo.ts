/** Repository pages: the code browser (tree, blob, raw), commits and comparisons. */
import type { Request, Response } from 'express';
import type { BareRepo } from '../../forge/git';
import type { RepoRecord } from '../../forge/state';
import { WebContext } from '../context';
import { firstLine, formatBytes, formatTime, isBinary } from '../format';
import {
  CommitSummary,
  EMPTY_TREE,
  Entry,
  FileDiff,
  Refs,
  commitsBetween,
  diffFiles,
  entryAt,
  listDir,
  readRefs,
  resolveRefAndPath,
} from '../gitView';
import { SafeHtml, html } from '../html';
import { notFound, redirect, sendPage, setDownloadHeaders } from '../layout';
import {
  blobHref,
  commitHref,
  isSha,
  param,
  pullsHref,
  rawHref,
  repoHref,
  safeSegments,
  treeHref,
} from '../paths';
import { renderDiff } from './diff';

export interface RepoView {
  record: RepoRecord;
  owner: string;
  name: string;
  git: BareRepo;
}

export function repoView(
  ctx: WebContext,
  owner: string,
  name: string,
): RepoView {
  const record = ctx.forge.state.repo(owner, name);
  if (!record) throw notFound('No such repository.');
  return {
    record,
    owner: record.owner,
    name: record.name,
    git: ctx.forge.git(record.owner, record.name),
  };
}

/** Largest file shown inline; bigger ones are offered as raw downloads. */
const MAX_BLOB_BYTES = 1024 * 1024;

export function repoHeader(
  ctx: WebContext,
  repo: RepoView,
  tab: 'code' | 'pulls',
): SafeHtml {
  const open = ctx.forge.state.data.pulls.filter(
    p => p.repo === `${repo.owner}/${repo.name}` && p.state === 'open',
  ).length;
  const code = html`Code`;
  const pulls = html`Pull requests (${open} open)`;
  return html`<h1><a href="/${encodeURIComponent(repo.owner)}">${
    repo.owner
  }</a> / <a href="${repoHref(repo.owner, repo.name)}">${
    repo.name
  }</a> <span class="badge">${repo.record.visibility}</span>${
    repo.record.archived ? html` <span class="badge">archived</span>` : ''
  }</h1>
${
  repo.record.description
    ? html`<p class="muted">${repo.record.description}</p>`
    : ''
}
<p class="small">${
    tab === 'code'
      ? html`<strong>${code}</strong>`
      : html`<a href="${repoHref(repo.owner, repo.name)}">${code}</a>`
  } · ${
    tab === 'pulls'
      ? html`<strong>${pulls}</strong>`
      : html`<a href="${pullsHref(repo.owner, repo.name)}">${pulls}</a>`
  } · <span class="muted">clone</span> <code>${ctx.forge.urls.clone(
    repo.owner,
    repo.name,
  )}</code></p>`;
}

function branchSelector(
  repo: RepoView,
  refs: Refs,
  current: string,
  dir: string,
): SafeHtml {
  const def = repo.record.default_branch;
  const names = [
    ...refs.branches.filter(b => b.name === def).map(b => b.name),
    ...refs.branches
      .map(b => b.name)
      .filter(n => n !== def)
      .sort(),
  ];
  const link = (name: string, path: string) =>
    html`<a href="${treeHref(repo.owner, repo.name, name, path)}"${
      name === current ? html` class="current"` : ''
    }>${name}</a>`;
  return html`<p class="branches small"><span class="muted">Branches:</span> ${names.map(
    n => link(n, dir),
  )}${
    refs.tags.length
      ? html` <span class="muted">Tags:</span> ${refs.tags.map(t =>
          link(t.name, ''),
        )}`
      : ''
  }</p>`;
}

function breadcrumbs(repo: RepoView, ref: string, p: string): SafeHtml {
  const parts = p ? p.split('/') : [];
  return html`<div class="crumbs mono"><a href="${treeHref(
    repo.owner,
    repo.name,
    ref,
  )}">${repo.name}</a>${parts.map((part, i) =>
    i === parts.length - 1
      ? html` / <strong>${part}</strong>`
      : html` / <a href="${treeHref(
          repo.owner,
          repo.name,
          ref,
          parts.slice(0, i + 1).join('/'),
        )}">${part}</a>`,
  )}</div>`;
}

async function latestCommit(repo: RepoView, sha: string): Promise<SafeHtml> {
  const commit = await repo.git.commit(sha);
  if (!commit) return html``;
  return html`<div class="head"><span><strong>${
    commit.author.name
  }</strong> <a href="${commitHref(
    repo.owner,
    repo.name,
    commit.sha,
  )}">${firstLine(
    commit.message,
  )}</a></span><span class="muted small mono">${commit.sha.slice(
    0,
    7,
  )}</span><span class="muted small">${formatTime(
    commit.author.date,
  )}</span></div>`;
}

function entryLink(repo: RepoView, ref: string, e: Entry): SafeHtml {
  if (e.type === 'tree')
    return html`<a class="dir" href="${treeHref(
      repo.owner,
      repo.name,
      ref,
      e.path,
    )}">${e.name}</a>`;
  if (e.type === 'blob')
    return html`<a href="${blobHref(repo.owner, repo.name, ref, e.path)}">${
      e.name
    }</a>`;
  return html`${e.name} <span class="muted small">submodule @ ${e.sha.slice(
    0,
    7,
  )}</span>`;
}

/** `/:owner/:repo` and `/:owner/:repo/tree/:ref/*`: a directory, its README and the branches. */
export async function treePage(ctx: WebContext, req: Request, res: Response) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  const refs = await readRefs(repo.git);
  const segments = safeSegments(param(req, '0'));
  if (!refs.branches.length && !segments.length) {
    sendPage(
      res,
      `${repo.owner}/${repo.name}`,
      html`${repoHeader(ctx, repo, 'code')}
<div class="box"><div class="empty">This repository is empty. Push to <code>${ctx.forge.urls.clone(
        repo.owner,
        repo.name,
      )}</code> to fill it.</div></div>`,
      'repos',
    );
    return;
  }
  const target = segments.length
    ? await resolveRefAndPath(repo.git, refs, segments)
    : {
        ref: repo.record.default_branch,
        sha: refs.branches.find(b => b.name === repo.record.default_branch)
          ?.sha,
        path: '',
      };
  if (!target?.sha) throw notFound('No such branch, tag or commit.');
  const entry = await entryAt(repo.git, target.sha, target.path);
  if (!entry) throw notFound('No such path at this ref.');
  if (entry.type === 'blob') {
    redirect(res, blobHref(repo.owner, repo.name, target.ref, target.path));
    return;
  }
  if (entry.type !== 'tree') throw notFound('No such directory.');
  const entries = await listDir(repo.git, entry.sha, target.path);
  const readme =
    entries.find(e => e.type === 'blob' && /^readme\.md$/i.test(e.name)) ??
    entries.find(e => e.type === 'blob' && /^readme(\.[a-z]+)?$/i.test(e.name));
  const readmeText = readme
    ? (await repo.git.readBlob(readme.sha)).toString('utf8')
    : undefined;
  const parent = target.path.split('/').slice(0, -1).join('/');
  sendPage(
    res,
    `${repo.owner}/${repo.name}${target.path ? `/${target.path}` : ''}`,
    html`${repoHeader(ctx, repo, 'code')}
${branchSelector(repo, refs, target.ref, target.path)}
${breadcrumbs(repo, target.ref, target.path)}
<div class="box">
${await latestCommit(repo, target.sha)}
<table class="files"><tbody>
${
  target.path
    ? html`<tr><td colspan="2"><a href="${treeHref(
        repo.owner,
        repo.name,
        target.ref,
        parent,
      )}">..</a></td></tr>`
    : ''
}
${entries.map(
  e =>
    html`<tr><td>${entryLink(
      repo,
      target.ref,
      e,
    )}</td><td class="size muted small">${
      e.size !== undefined ? formatBytes(e.size) : ''
    }</td></tr>`,
)}
</tbody></table>
</div>
${
  readme && readmeText !== undefined
    ? html`<div class="box readme"><div class="head"><strong>${readme.name}</strong></div><pre>${readmeText}</pre></div>`
    : ''
}`,
    'repos',
  );
}

async function blobAt(ctx: WebContext, req: Request) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  const segments = safeSegments(param(req, '0'));
  const refs = await readRefs(repo.git);
  const target = await resolveRefAndPath(repo.git, refs, segments);
  if (!target) throw notFound('No such branch, tag or commit.');
  const entry = await entryAt(repo.git, target.sha, target.path);
  if (!entry) throw notFound('No such file at this ref.');
  return { repo, refs, target, entry };
}

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
};

function imageType(p: string): string | undefined {
  return IMAGE_TYPES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()];
}

function fileView(
  name: string,
  p: string,
  content: Buffer,
  raw: string,
): SafeHtml {
  if (isBinary(content)) {
    return imageType(p)
      ? html`<div class="body"><img src="${raw}" alt="${name}" style="max-width:100%"></div>`
      : html`<div class="empty">Binary file not shown. <a href="${raw}">Download</a></div>`;
  }
  const lines = content.toString('utf8').replace(/\n$/, '').split('\n');
  return html`<pre class="code">${lines.map(
    (line, i) =>
      html`<span class="ln">${i + 1}</span>${line}${
        i < lines.length - 1 ? '\n' : ''
      }`,
  )}</pre>`;
}

/** `/:owner/:repo/blob/:ref/*`: a file with line numbers. */
export async function blobPage(ctx: WebContext, req: Request, res: Response) {
  const { repo, refs, target, entry } = await blobAt(ctx, req);
  if (entry.type === 'tree') {
    redirect(res, treeHref(repo.owner, repo.name, target.ref, target.path));
    return;
  }
  if (entry.type !== 'blob') throw notFound('No such file.');
  const size = entry.size ?? 0;
  const raw = rawHref(repo.owner, repo.name, target.ref, target.path);
  const view =
    size > MAX_BLOB_BYTES
      ? html`<div class="empty">This file is ${formatBytes(
          size,
        )}, too large to show. <a href="${raw}">View raw</a></div>`
      : fileView(
          entry.name,
          target.path,
          await repo.git.readBlob(entry.sha),
          raw,
        );
  sendPage(
    res,
    `${target.path} at ${target.ref} · ${repo.owner}/${repo.name}`,
    html`${repoHeader(ctx, repo, 'code')}
${branchSelector(repo, refs, target.ref, '')}
${breadcrumbs(repo, target.ref, target.path)}
<div class="box">
<div class="head"><span class="mono">${
      entry.name
    }</span><span class="muted small">${formatBytes(
      size,
    )}</span><a class="small" href="${raw}">Raw</a></div>
${view}
</div>`,
    'repos',
  );
}

/** `/:owner/:repo/raw/:ref/*`: the bytes, as the REST API's download_url promises. */
export async function rawFile(ctx: WebContext, req: Request, res: Response) {
  const { repo, entry } = await blobAt(ctx, req);
  if (entry.type !== 'blob') throw notFound('No such file.');
  const content = await repo.git.readBlob(entry.sha);
  let type = 'text/plain; charset=utf-8';
  if (isBinary(content)) {
    type =
      imageType(entry.path) ??
      (/\.pdf$/i.test(entry.path)
        ? 'application/pdf'
        : 'application/octet-stream');
  }
  setDownloadHeaders(res);
  res.status(200).type(type).send(content);
}

/** `/:owner/:repo/commit/:sha`: message, author, parents and the diff against the first parent. */
export async function commitPage(ctx: WebContext, req: Request, res: Response) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  let sha = param(req, 'sha');
  if (!isSha(sha)) {
    const branch = (await readRefs(repo.git)).branches.find(
      b => b.name === sha,
    );
    if (!branch) throw notFound('No such commit.');
    sha = branch.sha;
  }
  const resolved = await repo.git.resolve(sha);
  const commit = resolved ? await repo.git.commit(resolved) : undefined;
  if (!commit) throw notFound('No such commit.');
  const files = await diffFiles(
    repo.git,
    commit.parents[0] ?? EMPTY_TREE,
    commit.sha,
  );
  const [subject, ...rest] = commit.message.split('\n');
  const description = rest.join('\n').trim();
  const sameCommitter =
    commit.committer.name === commit.author.name &&
    commit.committer.email === commit.author.email;
  sendPage(
    res,
    `${subject} · ${repo.owner}/${repo.name}@${commit.sha.slice(0, 7)}`,
    html`${repoHeader(ctx, repo, 'code')}
<div class="box">
<div class="head"><strong>${subject}</strong></div>
${description ? html`<pre>${description}</pre>` : ''}
<div class="body small"><dl class="meta">
<dt>Author</dt><dd>${commit.author.name} &lt;${
      commit.author.email
    }&gt; · ${formatTime(commit.author.date)}</dd>
${
  sameCommitter
    ? ''
    : html`<dt>Committer</dt><dd>${commit.committer.name} &lt;${
        commit.committer.email
      }&gt; · ${formatTime(commit.committer.date)}</dd>`
}
<dt>Commit</dt><dd class="mono">${commit.sha}</dd>
<dt>Parents</dt><dd class="mono">${
      commit.parents.length
        ? commit.parents.map(
            (p, i) =>
              html`${i ? ' ' : ''}<a href="${commitHref(
                repo.owner,
                repo.name,
                p,
              )}">${p.slice(0, 7)}</a>`,
          )
        : 'none (root commit)'
    }</dd>
<dt>Files</dt><dd><a href="${treeHref(
      repo.owner,
      repo.name,
      commit.sha,
    )}">Browse the tree at this commit</a></dd>
</dl></div>
</div>
${renderFileDiffs(repo, commit.sha, files)}`,
    'repos',
  );
}

/** A diff whose files link to their blob at `head`. */
export function renderFileDiffs(
  repo: RepoView,
  head: string,
  files: FileDiff[],
): SafeHtml {
  return renderDiff(files, f =>
    f.status === 'removed'
      ? undefined
      : blobHref(repo.owner, repo.name, head, f.path),
  );
}

/** `/:owner/:repo/compare/:base...:head` (where push webhooks' `compare` leads). */
export async function comparePage(
  ctx: WebContext,
  req: Request,
  res: Response,
) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  const range = safeSegments(param(req, '0')).join('/');
  const match = /^(.+?)\.\.\.?(.+)$/.exec(range);
  if (!match) throw notFound('Compare two refs as base...head.');
  const refs = await readRefs(repo.git);
  const resolveOne = async (name: string) => {
    const branch = refs.branches.find(b => b.name === name);
    if (branch) return branch.sha;
    if (/^0+$/.test(name)) return EMPTY_TREE;
    return isSha(name) ? repo.git.resolve(name) : undefined;
  };
  const base = await resolveOne(match[1]);
  const head = await resolveOne(match[2]);
  if (!base || !head || head === EMPTY_TREE)
    throw notFound('No such branch or commit.');
  const files = await diffFiles(repo.git, base, head);
  const commits =
    base === EMPTY_TREE
      ? await commitsBetween(repo.git, undefined, head, 50)
      : await commitsBetween(repo.git, base, head);
  sendPage(
    res,
    `Comparing ${match[1]}...${match[2]} · ${repo.owner}/${repo.name}`,
    html`${repoHeader(ctx, repo, 'code')}
<h2>Comparing <code>${match[1]}</code>…<code>${match[2]}</code></h2>
${commitList(repo, commits)}
${renderFileDiffs(repo, head, files)}`,
    'repos',
  );
}

export function commitList(repo: RepoView, commits: CommitSummary[]): SafeHtml {
  if (!commits.length) return html``;
  return html`<div class="box"><div class="head"><strong>${commits.length} ${
    commits.length === 1 ? 'commit' : 'commits'
  }</strong></div><table><tbody>${commits.map(
    c =>
      html`<tr><td class="mono"><a href="${commitHref(
        repo.owner,
        repo.name,
        c.sha,
      )}">${c.sha.slice(0, 7)}</a></td><td>${
        c.subject
      }</td><td class="muted small">${c.author} · ${formatTime(
        c.date,
      )}</td></tr>`,
  )}</tbody></table></div>`;
}
