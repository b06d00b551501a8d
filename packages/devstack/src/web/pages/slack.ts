/** The Slack stand-in's workspace: channels, and each channel's messages with their blocks. */
import type { Request, Response } from 'express';
import type { SlackChannel, SlackMessage, SlackState } from '../../slack';
import { WebContext } from '../context';
import { formatTime } from '../format';
import { SafeHtml, html, safeUrl } from '../html';
import { notFound, sendPage } from '../layout';
import { channelHref, param } from '../paths';

const tsTime = (ts: string) => formatTime(Number(ts.split('.')[0]));

/** Slack escapes only these three in message text. */
const unescapeSlack = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function controlSequence(
  slack: SlackState,
  target: string,
  label: string | undefined,
): SafeHtml {
  if (target.startsWith('@')) {
    const user = slack.user(target.slice(1));
    return html`<strong>@${label ?? user?.name ?? target.slice(1)}</strong>`;
  }
  if (target.startsWith('#')) {
    const channel = slack.channel(target.slice(1));
    const name = label ?? channel?.name ?? target.slice(1);
    return html`<a href="${channelHref(channel?.name ?? name)}">#${name}</a>`;
  }
  if (target.startsWith('!subteam^')) {
    const group = slack.usergroup(target.slice('!subteam^'.length));
    return html`<strong>${
      label ?? (group ? `@${group.handle}` : target)
    }</strong>`;
  }
  if (target.startsWith('!'))
    return html`<strong>@${label ?? target.slice(1)}</strong>`;
  return html`<a href="${target}">${
    label || target.replace(/^mailto:/i, '')
  }</a>`;
}

/**
 * Slack mrkdwn's control sequences — `<@U…>`, `<#C…|name>`, `<!subteam^S…>`, `<!here>`,
 * `<https://…|label>` — become names and links; everything else, including `<` that starts no
 * control sequence, is shown as the text it is (escaped: nothing in a message is ever markup).
 */
export function slackText(slack: SlackState, text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  const token =
    /<([@#!][^<>\s|]+|(?:https?|mailto):[^<>\s|]+)(?:\|([^<>]*))?>/gi;
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    parts.push(html`${unescapeSlack(text.slice(last, m.index))}`);
    last = m.index + m[0].length;
    parts.push(
      controlSequence(
        slack,
        unescapeSlack(m[1]),
        m[2] === undefined ? undefined : unescapeSlack(m[2]),
      ),
    );
  }
  parts.push(html`${unescapeSlack(text.slice(last))}`);
  return html`${parts}`;
}

/** A text object (plain_text or mrkdwn) of Block Kit. */
function textObject(slack: SlackState, value: unknown): SafeHtml {
  const t = value as { type?: string; text?: unknown } | undefined;
  if (!t || typeof t.text !== 'string') return html``;
  return t.type === 'mrkdwn' ? slackText(slack, t.text) : html`${t.text}`;
}

/** An element of a context or actions block, or a section's accessory. */
function element(slack: SlackState, value: unknown): SafeHtml {
  const e = (value ?? {}) as Record<string, any>;
  if (e.type === 'button') {
    const url = safeUrl(e.url);
    const label = textObject(slack, e.text);
    return url
      ? html`<a class="button" href="${url}">${label}</a>`
      : html`<span class="badge">${label}</span>`;
  }
  if (e.type === 'image')
    return html`<span class="muted">[${String(e.alt_text ?? 'image')}]</span>`;
  if (e.type === 'plain_text' || e.type === 'mrkdwn')
    return textObject(slack, e);
  return textObject(slack, e.text);
}

/** Rich text: its sections' text runs, links and mentions, flattened. */
function richText(slack: SlackState, value: unknown): SafeHtml {
  const e = (value ?? {}) as Record<string, any>;
  if (Array.isArray(e.elements)) {
    const isBlock =
      e.type === 'rich_text_section' || e.type === 'rich_text_preformatted';
    return html`${e.elements.map((child: unknown) => richText(slack, child))}${
      isBlock ? '\n' : ''
    }`;
  }
  switch (e.type) {
    case 'text':
      return html`${String(e.text ?? '')}`;
    case 'link': {
      const url = safeUrl(e.url);
      const text = String(e.text ?? e.url ?? '');
      return url ? html`<a href="${url}">${text}</a>` : html`${text}`;
    }
    case 'user':
      return html`<strong>@${
        slack.user(e.user_id)?.name ?? String(e.user_id)
      }</strong>`;
    case 'channel':
      return html`#${
        slack.channel(e.channel_id)?.name ?? String(e.channel_id)
      }`;
    case 'usergroup':
      return html`<strong>@${
        slack.usergroup(e.usergroup_id)?.handle ?? String(e.usergroup_id)
      }</strong>`;
    case 'emoji':
      return html`:${String(e.name)}:`;
    default:
      return html``;
  }
}

const elementsOf = (b: Record<string, any>): unknown[] =>
  Array.isArray(b.elements) ? b.elements : [];

function block(slack: SlackState, value: unknown): SafeHtml {
  const b = (value ?? {}) as Record<string, any>;
  switch (b.type) {
    case 'header':
      return html`<div class="block header">${textObject(slack, b.text)}</div>`;
    case 'section':
      return html`<div class="block section"><div class="text">${textObject(
        slack,
        b.text,
      )}</div>${
        Array.isArray(b.fields)
          ? html`<div class="text">${b.fields.map(
              (f: unknown) => html`<div>${textObject(slack, f)}</div>`,
            )}</div>`
          : ''
      }${
        b.accessory ? html`<div>${element(slack, b.accessory)}</div>` : ''
      }</div>`;
    case 'context':
      return html`<div class="block context">${elementsOf(b).map(
        e => html`${element(slack, e)} `,
      )}</div>`;
    case 'actions':
      return html`<div class="block actions">${elementsOf(b).map(e =>
        element(slack, e),
      )}</div>`;
    case 'divider':
      return html`<hr>`;
    case 'image':
      return html`<div class="block muted">[image: ${String(
        b.alt_text ?? '',
      )}]</div>`;
    case 'rich_text':
      return html`<div class="block text">${richText(slack, b)}</div>`;
    default:
      return html``;
  }
}

export function renderBlocks(slack: SlackState, blocks: unknown[]): SafeHtml {
  return html`${blocks.map(b => block(slack, b))}`;
}

/** Legacy secondary attachments: pretext, title, text (or fallback), fields, blocks. */
function attachment(slack: SlackState, value: unknown): SafeHtml {
  const a = (value ?? {}) as Record<string, any>;
  const color = /^#?[0-9a-f]{6}$/i.test(a.color ?? '')
    ? html` style="border-color:#${String(a.color).replace('#', '')}"`
    : '';
  const titleUrl = safeUrl(a.title_link);
  let text: SafeHtml | string = '';
  if (a.text)
    text = html`<div class="text">${slackText(slack, String(a.text))}</div>`;
  else if (!a.blocks && a.fallback)
    text = html`<div class="text">${String(a.fallback)}</div>`;
  const title = titleUrl
    ? html`<a href="${titleUrl}">${String(a.title)}</a>`
    : html`${String(a.title)}`;
  return html`<div class="attachment"${color}>${
    a.pretext
      ? html`<div class="text">${slackText(slack, String(a.pretext))}</div>`
      : ''
  }${a.title ? html`<div><strong>${title}</strong></div>` : ''}${text}${
    Array.isArray(a.fields)
      ? a.fields.map(
          (f: any) =>
            html`<div><strong>${String(f?.title ?? '')}</strong> ${slackText(
              slack,
              String(f?.value ?? ''),
            )}</div>`,
        )
      : ''
  }${Array.isArray(a.blocks) ? renderBlocks(slack, a.blocks) : ''}</div>`;
}

function author(slack: SlackState, message: SlackMessage): string {
  const user = slack.user(message.user);
  if (user)
    return user.isBot ? `${user.realName} (app)` : user.realName || user.name;
  return message.botId ? 'App' : message.user;
}

function renderMessage(
  slack: SlackState,
  m: SlackMessage,
  reply: boolean,
): SafeHtml {
  return html`<div class="msg${reply ? ' reply' : ''}" id="m${m.ts.replace(
    '.',
    '',
  )}">
<div><span class="who">${author(
    slack,
    m,
  )}</span> <span class="muted small">${tsTime(m.ts)}</span></div>
${m.text ? html`<div class="text">${slackText(slack, m.text)}</div>` : ''}
${Array.isArray(m.blocks) ? renderBlocks(slack, m.blocks) : ''}
${
  Array.isArray(m.attachments)
    ? m.attachments.map(a => attachment(slack, a))
    : ''
}
</div>`;
}

function channelTitle(slack: SlackState, c: SlackChannel): string {
  if (!c.isIm) return `#${c.name}`;
  const user = c.imUser ? slack.user(c.imUser) : undefined;
  return `DM with ${user?.realName ?? user?.name ?? c.imUser ?? c.name}`;
}

/** `/slack`: every channel with its purpose, members and message count. */
export function slackIndexPage(ctx: WebContext, _req: Request, res: Response) {
  const slack = ctx.slack;
  sendPage(
    res,
    'Slack',
    html`<h1>Slack · ${slack.team.name}</h1>
<p class="muted">The workspace of the Slack stand-in (${
      slack.team.domain
    }.slack.com), with ${slack.users().length} users and ${
      slack.usergroups().length
    } user groups.</p>
<div class="box"><table>
<thead><tr><th>Channel</th><th>Purpose</th><th>Members</th><th>Messages</th></tr></thead>
<tbody>${slack
      .channels()
      .map(
        c =>
          html`<tr><td><a href="${channelHref(
            c.isIm ? c.id : c.name,
          )}">${channelTitle(slack, c)}</a>${
            c.isPrivate && !c.isIm
              ? html` <span class="badge">private</span>`
              : ''
          }</td><td class="muted">${c.purpose}</td><td>${
            c.members.length
          }</td><td>${slack.messagesIn(c.id).length}</td></tr>`,
      )}</tbody></table></div>
<h2>User groups</h2>
<div class="box"><table>
<thead><tr><th>Handle</th><th>Name</th><th>Members</th></tr></thead>
<tbody>${slack
      .usergroups()
      .map(
        g =>
          html`<tr><td>@${g.handle}</td><td>${g.name}</td><td>${g.users
            .map(id => slack.user(id)?.name ?? id)
            .join(', ')}</td></tr>`,
      )}</tbody></table></div>`,
    'slack',
  );
}

/** `/slack/:channel` (by name, with or without `#`, or by ID): messages, threads under their parent. */
export function slackChannelPage(ctx: WebContext, req: Request, res: Response) {
  const slack = ctx.slack;
  const channel = slack.channel(param(req, 'channel'));
  if (!channel) throw notFound('No such Slack channel.');
  const messages = slack.messagesIn(channel.id);
  const isReply = (m: SlackMessage) => !!m.threadTs && m.threadTs !== m.ts;
  const top = messages.filter(
    m => !isReply(m) || !messages.some(p => p.ts === m.threadTs),
  );
  const replies = (parent: SlackMessage) =>
    messages.filter(m => isReply(m) && m.threadTs === parent.ts);
  sendPage(
    res,
    channelTitle(slack, channel),
    html`<h1>${channelTitle(slack, channel)}</h1>
${channel.purpose ? html`<p class="muted">${channel.purpose}</p>` : ''}
<p class="small muted">${channel.id} · ${
      channel.members.length
    } members: ${channel.members
      .map(id => slack.user(id)?.name ?? id)
      .join(', ')}</p>
<div class="box">${
      messages.length
        ? top.map(
            m =>
              html`${renderMessage(slack, m, isReply(m))}${replies(m).map(r =>
                renderMessage(slack, r, true),
              )}`,
          )
        : html`<div class="empty">No messages yet.</div>`
    }</div>`,
    'slack',
  );
}
