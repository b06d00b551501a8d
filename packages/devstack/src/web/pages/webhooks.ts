/** Webhook deliveries the forge made (push, pull_request), and the hooks it delivers to. */
import type { Request, Response } from 'express';
import { WebContext } from '../context';
import { formatTime } from '../format';
import { html } from '../html';
import { sendPage } from '../layout';
import { repoHref } from '../paths';

export function webhooksPage(ctx: WebContext, _req: Request, res: Response) {
  const { state, webhooks } = ctx.forge;
  const deliveries = [...webhooks.deliveries].reverse();
  const hooks = [
    ...state.data.org.hooks.map(hook => ({
      on: `${state.data.org.login} (organization)`,
      hook,
    })),
    ...state.data.repos.flatMap(r =>
      r.hooks.map(hook => ({ on: `${r.owner}/${r.name}`, hook })),
    ),
  ];
  sendPage(
    res,
    'Webhooks',
    html`<h1>Webhooks</h1>
<h2>Deliveries (${deliveries.length})</h2>
<div class="box">${
      deliveries.length
        ? html`<table>
<thead><tr><th>Event</th><th>Action</th><th>Repository</th><th>URL</th><th>Status</th><th>Time</th></tr></thead>
<tbody>${deliveries.map(d => {
            const [owner, name] = d.repository.split('/');
            const ok = typeof d.status === 'number' && d.status < 300;
            return html`<tr><td>${d.event}</td><td>${
              d.action ?? ''
            }</td><td><a href="${repoHref(owner, name ?? '')}">${
              d.repository
            }</a></td><td class="mono small">${d.url}</td><td class="${
              ok ? 'status-success' : 'status-failure'
            }">${String(d.status)}</td><td class="muted small">${formatTime(
              d.deliveredAt,
            )}</td></tr>`;
          })}</tbody></table>`
        : html`<div class="empty">No deliveries yet.</div>`
    }</div>
<h2>Hooks (${hooks.length})</h2>
<div class="box">${
      hooks.length
        ? html`<table>
<thead><tr><th>On</th><th>URL</th><th>Events</th><th>Active</th><th>Created</th></tr></thead>
<tbody>${hooks.map(
            ({ on, hook }) =>
              html`<tr><td>${on}</td><td class="mono small">${
                hook.url
              }</td><td>${hook.events.join(', ')}</td><td>${
                hook.active ? 'yes' : 'no'
              }</td><td class="muted small">${formatTime(
                hook.created_at,
              )}</td></tr>`,
          )}</tbody></table>`
        : html`<div class="empty">No hooks configured.</div>`
    }</div>`,
    'webhooks',
  );
}
