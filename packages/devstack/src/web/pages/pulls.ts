/** Pull requests: the lists (all repositories, one repository) and a pull request's page. */
import type { Request, Response } from 'express';
import type { PullRecord, RepoRecord, StatusRecord } from '../../forge/state';
import { WebContext } from '../context';
import { formatTime, plural } from '../format';
import { commitsBetween, diffFiles, diffText } from '../gitView';
import { SafeHtml, html, safeUrl } from '../html';
import { notFound, sendPage, setDownloadHeaders } from '../layout';
import { commitHref, param, pullHref, repoHref, treeHref } from '../paths';
import {
  RepoView,
  commitList,
  renderFileDiffs,
  repoHeader,
  repoView,
} from './repo';

export function pullState(pull: PullRecord): 'open' | 'merged' | 'closed' {
  if (pull.merged) return 'merged';
  return pull.state;
}

function stateBadge(pull: PullRecord): SafeHtml {
  const state = pullState(pull);
  return html`<span class="badge state-${state}">${
    state.charAt(0).toUpperCase() + state.slice(1)
  }</span>${
    pull.draft && state === 'open'
      ? html` <span class="badge state-draft">Draft</span>`
      : ''
  }`;
}

/** Black or white, whichever reads on the label's colour. */
function textOn(hex: string): string {
  const [r, g, b] = [0, 2, 4].map(i => parseInt(hex.slice(i, i + 2), 16));
  return r * 0.299 + g * 0.587 + b * 0.114 > 150 ? '#1f2328' : '#ffffff';
}

function labelBadges(repo: RepoRecord, names: string[]): SafeHtml {
  return html`${names.map(name => {
    const color = repo.labels.find(l => l.name === name)?.color ?? '';
    const style = /^[0-9a-f]{6}$/i.test(color)
      ? html` style="background:#${color};border-color:#${color};color:${textOn(
          color,
        )}"`
      : '';
    return html`<span class="badge label"${style}>${name}</span> `;
  })}`;
}

const none = html`<span class="muted">none</span>`;

function pullRows(
  ctx: WebContext,
  pulls: PullRecord[],
  withRepo: boolean,
): SafeHtml {
  if (!pulls.length)
    return html`<div class="box"><div class="empty">No pull requests.</div></div>`;
  return html`<div class="box"><table>
<thead><tr>${
    withRepo ? html`<th>Repository</th>` : ''
  }<th>Pull request</th><th>State</th><th>Branches</th><th>Author</th><th>Updated</th></tr></thead>
<tbody>${pulls.map(p => {
    const [owner, name] = p.repo.split('/');
    const repo = ctx.forge.state.repo(owner, name);
    const comments = ctx.forge.state.data.comments.filter(
      c => c.repo === p.repo && c.issue_number === p.number,
    ).length;
    return html`<tr>${
      withRepo
        ? html`<td><a href="${repoHref(owner, name)}">${p.repo}</a></td>`
        : ''
    }<td><a href="${pullHref(owner, name, p.number)}">${
      p.title
    }</a> <span class="muted">#${p.number}</span> ${
      repo ? labelBadges(repo, p.labels) : ''
    }${
      comments
        ? html`<span class="muted small">${plural(comments, 'comment')}</span>`
        : ''
    }</td><td>${stateBadge(p)}</td><td class="mono small">${p.head} → ${
      p.base
    }</td><td>${p.user}</td><td class="muted small">${formatTime(
      p.updated_at,
    )}</td></tr>`;
  })}</tbody></table></div>`;
}

const newestFirst = (a: PullRecord, b: PullRecord) =>
  b.updated_at.localeCompare(a.updated_at) || b.id - a.id;

function openThenDone(
  ctx: WebContext,
  pulls: PullRecord[],
  withRepo: boolean,
): SafeHtml {
  const open = pulls.filter(p => p.state === 'open').sort(newestFirst);
  const done = pulls.filter(p => p.state !== 'open').sort(newestFirst);
  return html`<h2>Open (${open.length})</h2>
${pullRows(ctx, open, withRepo)}
<h2>Merged or closed (${done.length})</h2>
${pullRows(ctx, done, withRepo)}`;
}

/** `/pulls`: every pull request of every repository, open ones first. */
export function allPullsPage(ctx: WebContext, _req: Request, res: Response) {
  sendPage(
    res,
    'Pull requests',
    html`<h1>Pull requests</h1>
${openThenDone(ctx, ctx.forge.state.data.pulls, true)}`,
    'pulls',
  );
}

/** `/:owner/:repo/pulls`. */
export function repoPullsPage(ctx: WebContext, req: Request, res: Response) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  const pulls = ctx.forge.state.data.pulls.filter(
    p => p.repo === `${repo.owner}/${repo.name}`,
  );
  sendPage(
    res,
    `Pull requests · ${repo.owner}/${repo.name}`,
    html`${repoHeader(ctx, repo, 'pulls')}
${openThenDone(ctx, pulls, false)}`,
    'pulls',
  );
}

/** The commits a pull request compares, as the forge's files list computes them. */
async function pullShas(repo: RepoView, pull: PullRecord) {
  const git = repo.git;
  const headBranch = await git.resolve(`refs/heads/${pull.head}`);
  const baseBranch = await git.resolve(`refs/heads/${pull.base}`);
  if (pull.merged && pull.merge_commit_sha) {
    const merge = await git.commit(pull.merge_commit_sha);
    if (!merge) return undefined;
    return {
      base: merge.parents[0] ?? merge.sha,
      head: merge.sha,
      /** The pull request's own last commit, which statuses are set on. */
      statusSha: headBranch ?? merge.parents[1] ?? merge.sha,
    };
  }
  if (!headBranch || !baseBranch) return undefined;
  const base = (await git.git(['merge-base', baseBranch, headBranch]))
    .toString()
    .trim();
  return { base, head: headBranch, statusSha: headBranch };
}

/** The newest status of each context, as GitHub's combined status shows them. */
function latestStatuses(
  ctx: WebContext,
  repo: RepoView,
  sha: string,
): StatusRecord[] {
  const seen = new Set<string>();
  return ctx.forge.state.data.statuses
    .filter(s => s.repo === `${repo.owner}/${repo.name}` && s.sha === sha)
    .sort((a, b) => b.id - a.id)
    .filter(s => {
      if (seen.has(s.context)) return false;
      seen.add(s.context);
      return true;
    });
}

const STATUS_ICON: Record<string, string> = {
  success: '✓',
  failure: '✗',
  error: '✗',
  pending: '●',
};

function checks(statuses: StatusRecord[], sha: string | undefined): SafeHtml {
  if (!statuses.length)
    return html`<div class="box"><div class="empty">No commit statuses${
      sha ? html` for <span class="mono">${sha.slice(0, 7)}</span>` : ''
    }.</div></div>`;
  return html`<div class="box"><table><tbody>${statuses.map(s => {
    const target = safeUrl(s.target_url);
    return html`<tr><td class="status-${s.state}">${
      STATUS_ICON[s.state] ?? ''
    } ${s.state}</td><td><strong>${s.context}</strong></td><td>${
      s.description ?? ''
    }</td><td>${target ? html`<a href="${target}">Details</a>` : ''}</td></tr>`;
  })}</tbody></table></div>`;
}

function closedNote(repo: RepoView, pull: PullRecord): SafeHtml {
  if (pull.merged) {
    const merge = pull.merge_commit_sha
      ? html` in <a class="mono" href="${commitHref(
          repo.owner,
          repo.name,
          pull.merge_commit_sha,
        )}">${pull.merge_commit_sha.slice(0, 7)}</a>`
      : '';
    return html` · merged by ${pull.merged_by ?? 'someone'} ${formatTime(
      pull.merged_at,
    )}${merge}`;
  }
  return pull.closed_at
    ? html` · closed ${formatTime(pull.closed_at)}`
    : html``;
}

/** `/:owner/:repo/pull/:number`, and `.diff` / `.patch` as text (the API's diff_url, patch_url). */
export async function pullPage(ctx: WebContext, req: Request, res: Response) {
  const repo = repoView(ctx, param(req, 'owner'), param(req, 'repo'));
  const match = /^(\d+)(?:\.(diff|patch))?$/.exec(param(req, 'number'));
  const pull = match
    ? ctx.forge.state.pull(repo.record, Number(match[1]))
    : undefined;
  if (!match || !pull) throw notFound('No such pull request.');
  const shas = await pullShas(repo, pull);

  if (match[2]) {
    if (!shas) throw notFound('The branches of this pull request are gone.');
    const text =
      match[2] === 'diff'
        ? await diffText(repo.git, shas.base, shas.head)
        : (
            await repo.git.git([
              'format-patch',
              '--stdout',
              '--no-color',
              `${shas.base}..${shas.statusSha}`,
            ])
          ).toString('utf8');
    setDownloadHeaders(res);
    res.status(200).type('text/plain; charset=utf-8').send(text);
    return;
  }

  const files = shas ? await diffFiles(repo.git, shas.base, shas.head) : [];
  const commits = shas
    ? await commitsBetween(repo.git, shas.base, shas.statusSha)
    : [];
  const statuses = shas ? latestStatuses(ctx, repo, shas.statusSha) : [];
  const comments = ctx.forge.state.data.comments
    .filter(
      c =>
        c.repo === `${repo.owner}/${repo.name}` &&
        c.issue_number === pull.number,
    )
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  const headLink = (await repo.git.resolve(`refs/heads/${pull.head}`))
    ? html`<a href="${treeHref(repo.owner, repo.name, pull.head)}">${
        pull.head
      }</a>`
    : html`${pull.head}`;

  sendPage(
    res,
    `${pull.title} · Pull request #${pull.number} · ${repo.owner}/${repo.name}`,
    html`${repoHeader(ctx, repo, 'pulls')}
<h1>${pull.title} <span class="muted">#${pull.number}</span></h1>
<p>${stateBadge(pull)} <strong>${
      pull.user
    }</strong> wants to merge <code>${headLink}</code> → <code><a href="${treeHref(
      repo.owner,
      repo.name,
      pull.base,
    )}">${pull.base}</a></code> · opened ${formatTime(
      pull.created_at,
    )}${closedNote(repo, pull)}</p>
<div class="box"><div class="body small"><dl class="meta">
<dt>Labels</dt><dd>${
      pull.labels.length ? labelBadges(repo.record, pull.labels) : none
    }</dd>
<dt>Reviewers</dt><dd>${pull.requested_reviewers.join(', ') || none}</dd>
<dt>Assignees</dt><dd>${pull.assignees.join(', ') || none}</dd>
</dl></div></div>
<div class="box pr-body"><div class="head"><strong>${
      pull.user
    }</strong><span class="muted small">${formatTime(
      pull.created_at,
    )}</span></div>${
      pull.body
        ? html`<pre>${pull.body}</pre>`
        : html`<div class="empty">No description provided.</div>`
    }</div>
${comments.map(
  c =>
    html`<div class="box comment"><div class="head"><strong>${
      c.user
    }</strong><span class="muted small">commented ${formatTime(
      c.created_at,
    )}</span></div><pre>${c.body}</pre></div>`,
)}
<h2>Checks</h2>
${checks(statuses, shas?.statusSha)}
<h2>Commits</h2>
${
  commits.length
    ? commitList(repo, commits)
    : html`<div class="box"><div class="empty">No commits to show.</div></div>`
}
<h2>Files changed</h2>
${
  shas
    ? renderFileDiffs(repo, shas.head, files)
    : html`<div class="box"><div class="empty">The branches of this pull request are gone.</div></div>`
}`,
    'pulls',
  );
}
