/** `/`: the organisation at a glance; and the owner and team pages that html_url fields lead to. */
import type { Request, Response } from 'express';
import type { RepoRecord, TeamRecord } from '../../forge/state';
import { WebContext } from '../context';
import { formatTime, plural } from '../format';
import { SafeHtml, html } from '../html';
import { notFound, sendPage } from '../layout';
import { channelHref, param, repoHref, treeHref } from '../paths';

const teamHref = (org: string, team: TeamRecord) =>
  `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(team.slug)}`;

function repoTable(ctx: WebContext, repos: RepoRecord[]): SafeHtml {
  if (!repos.length)
    return html`<div class="box"><div class="empty">No repositories.</div></div>`;
  const openPulls = (r: RepoRecord) =>
    ctx.forge.state.data.pulls.filter(
      p => p.repo === `${r.owner}/${r.name}` && p.state === 'open',
    ).length;
  return html`<div class="box"><table>
<thead><tr><th>Repository</th><th>Description</th><th>Default branch</th><th>Open PRs</th><th>Last push</th></tr></thead>
<tbody>${[...repos]
    .sort((a, b) => b.pushed_at.localeCompare(a.pushed_at))
    .map(
      r =>
        html`<tr><td><a href="${repoHref(r.owner, r.name)}">${r.owner}/${
          r.name
        }</a> <span class="badge">${
          r.visibility
        }</span></td><td class="muted">${
          r.description ?? ''
        }</td><td class="mono small"><a href="${treeHref(
          r.owner,
          r.name,
          r.default_branch,
        )}">${r.default_branch}</a></td><td>${openPulls(
          r,
        )}</td><td class="muted small">${formatTime(r.pushed_at)}</td></tr>`,
    )}</tbody></table></div>`;
}

export function overviewPage(ctx: WebContext, _req: Request, res: Response) {
  const { data } = ctx.forge.state;
  const open = data.pulls.filter(p => p.state === 'open').length;
  const channels = ctx.slack.channels().filter(c => !c.isIm);
  const dms = ctx.slack.channels().filter(c => c.isIm);
  const dmMessages = dms.reduce(
    (n, c) => n + ctx.slack.messagesIn(c.id).length,
    0,
  );
  const mails = ctx.smtp.messages().length;
  sendPage(
    res,
    data.org.name || data.org.login,
    html`<h1>${data.org.name || data.org.login} <span class="muted small">@${
      data.org.login
    }</span></h1>
<p class="muted">The devstack's stand-ins for GitHub, Slack and SMTP: ${
      data.repos.length
    } repositories, <a href="/pulls">${plural(
      open,
      'open pull request',
    )}</a>, ${channels.length} Slack channels, <a href="/mail">${mails} ${
      mails === 1 ? 'mail' : 'mails'
    }</a>, <a href="/webhooks">${
      ctx.forge.webhooks.deliveries.length
    } webhook deliveries</a>.</p>
<h2>Repositories</h2>
${repoTable(ctx, data.repos)}
<h2>Slack channels</h2>
<div class="box"><table>
<thead><tr><th>Channel</th><th>Purpose</th><th>Messages</th></tr></thead>
<tbody>${channels.map(
      c =>
        html`<tr><td><a href="${channelHref(c.name)}">#${
          c.name
        }</a></td><td class="muted">${c.purpose}</td><td>${
          ctx.slack.messagesIn(c.id).length
        }</td></tr>`,
    )}${
      dms.length
        ? html`<tr><td><a href="/slack">Direct messages</a></td><td class="muted">${dms.length} conversations</td><td>${dmMessages}</td></tr>`
        : ''
    }</tbody></table></div>
<h2>Teams</h2>
<div class="box"><table>
<thead><tr><th>Team</th><th>Description</th><th>Members</th></tr></thead>
<tbody>${data.teams.map(
      t =>
        html`<tr><td><a href="${teamHref(data.org.login, t)}">${
          t.name
        }</a></td><td class="muted">${t.description}</td><td>${Object.keys(
          t.members,
        ).join(', ')}</td></tr>`,
    )}</tbody></table></div>`,
    'repos',
  );
}

/** `/:owner`: an organisation's or a person's repositories (users' and orgs' html_url). */
export function ownerPage(ctx: WebContext, req: Request, res: Response) {
  const { state } = ctx.forge;
  const org = state.data.org;
  const owner = param(req, 'owner').toLowerCase();
  const user =
    org.login.toLowerCase() === owner ? undefined : state.user(owner);
  if (!user && org.login.toLowerCase() !== owner)
    throw notFound('No such user or organisation.');
  const repos = state.data.repos.filter(r => r.owner.toLowerCase() === owner);
  const teams = user
    ? state.data.teams.filter(t =>
        Object.keys(t.members).some(m => m.toLowerCase() === owner),
      )
    : [];
  const login = user ? user.login : org.login;
  const name = (user ? user.name : org.name) || login;
  sendPage(
    res,
    login,
    html`<h1>${name} <span class="muted small">@${login}</span></h1>
${
  user
    ? html`<p class="muted">${user.type}${
        user.email ? html` · ${user.email}` : ''
      }${
        teams.length
          ? html` · teams: ${teams.map(
              (t, i) =>
                html`${i ? ', ' : ''}<a href="${teamHref(org.login, t)}">${
                  t.name
                }</a>`,
            )}`
          : ''
      }</p>`
    : ''
}
<h2>Repositories</h2>
${repoTable(ctx, repos)}`,
    'repos',
  );
}

/** `/orgs/:org/teams/:slug` (teams' html_url). */
export function teamPage(ctx: WebContext, req: Request, res: Response) {
  const { state } = ctx.forge;
  const team =
    state.data.org.login.toLowerCase() === param(req, 'org').toLowerCase()
      ? state.team(param(req, 'slug'))
      : undefined;
  if (!team) throw notFound('No such team.');
  const repos = state.data.repos.filter(r => team.slug in r.teams);
  sendPage(
    res,
    team.name,
    html`<h1>${team.name} <span class="muted small">@${state.data.org.login}/${
      team.slug
    }</span></h1>
<p class="muted">${team.description}${
      team.parent ? html` · part of ${team.parent}` : ''
    }</p>
<h2>Members</h2>
<div class="box"><table><tbody>${Object.entries(team.members).map(
      ([login, role]) =>
        html`<tr><td><a href="/${encodeURIComponent(
          login,
        )}">${login}</a></td><td class="muted">${role}</td></tr>`,
    )}</tbody></table></div>
<h2>Repositories</h2>
<div class="box"><table><tbody>${
      repos.length
        ? repos.map(
            r =>
              html`<tr><td><a href="${repoHref(r.owner, r.name)}">${r.owner}/${
                r.name
              }</a></td><td class="muted">${r.teams[team.slug]}</td></tr>`,
          )
        : html`<tr><td class="muted">No repositories.</td></tr>`
    }</tbody></table></div>`,
    'repos',
  );
}
