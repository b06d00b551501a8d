/** The SMTP stand-in's mailbox: every mail received, its bodies and attachments. */
import type { Request, Response } from 'express';
import type { ReceivedAttachment, ReceivedMail } from '../../smtp';
import { calendarEvents } from '../calendar';
import { WebContext } from '../context';
import { formatBytes, formatTime, plural } from '../format';
import { SafeHtml, html } from '../html';
import { notFound, sendPage, setDownloadHeaders } from '../layout';
import { mailHref, param } from '../paths';

function mailOf(ctx: WebContext, id: string): ReceivedMail {
  const mail = ctx.smtp.messages().find(m => m.id === id);
  if (!mail) throw notFound('No such mail.');
  return mail;
}

/** `/mail`: newest first. */
export function mailIndexPage(ctx: WebContext, _req: Request, res: Response) {
  const mails = ctx.smtp.messages().reverse();
  sendPage(
    res,
    'Mail',
    html`<h1>Mail</h1>
<p class="muted">${mails.length} ${
      mails.length === 1 ? 'mail' : 'mails'
    } received by the SMTP stand-in.</p>
<div class="box">${
      mails.length
        ? html`<table>
<thead><tr><th>From</th><th>To</th><th>Subject</th><th>Date</th><th></th></tr></thead>
<tbody>${mails.map(
            m =>
              html`<tr><td>${m.from ?? m.envelope.from ?? ''}</td><td>${(m.to
                .length
                ? m.to
                : m.envelope.to
              ).join(', ')}</td><td><a href="${mailHref(m.id)}">${
                m.subject || '(no subject)'
              }</a></td><td class="muted small">${formatTime(
                m.date ?? m.receivedAt,
              )}</td><td class="muted small">${
                m.attachments.length
                  ? plural(m.attachments.length, 'attachment')
                  : ''
              }</td></tr>`,
          )}</tbody></table>`
        : html`<div class="empty">No mail yet.</div>`
    }</div>`,
    'mail',
  );
}

/** `/mail/:id`: headers, text body, HTML body in a sandboxed frame, attachments. */
export function mailPage(ctx: WebContext, req: Request, res: Response) {
  const m = mailOf(ctx, param(req, 'id'));
  const visible = [...m.to, ...m.cc].map(a => a.toLowerCase());
  const bcc = m.envelope.to.filter(a => !visible.includes(a.toLowerCase()));
  sendPage(
    res,
    m.subject || '(no subject)',
    html`<h1>${m.subject || '(no subject)'}</h1>
<div class="box"><div class="body small"><dl class="meta">
<dt>From</dt><dd>${m.from ?? ''}</dd>
<dt>To</dt><dd>${m.to.join(', ')}</dd>
${m.cc.length ? html`<dt>Cc</dt><dd>${m.cc.join(', ')}</dd>` : ''}
${bcc.length ? html`<dt>Bcc</dt><dd>${bcc.join(', ')}</dd>` : ''}
<dt>Date</dt><dd>${formatTime(m.date ?? m.receivedAt)}</dd>
<dt>Received</dt><dd>${formatTime(m.receivedAt)} · ${formatBytes(m.size)}</dd>
${
  m.messageId
    ? html`<dt>Message-ID</dt><dd class="mono">${m.messageId}</dd>`
    : ''
}
</dl></div></div>
<h2>Text</h2>
<div class="box">${
      m.text
        ? html`<pre>${m.text}</pre>`
        : html`<div class="empty">No text part.</div>`
    }</div>
${
  m.html
    ? html`<h2>HTML</h2>
<div class="box"><iframe class="mail" sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${m.html}"></iframe></div>`
    : ''
}
<h2>Attachments (${m.attachments.length})</h2>
<div class="box">${
      m.attachments.length
        ? html`<table>
<thead><tr><th>File</th><th>Type</th><th>Size</th><th>Content</th><th>SHA-256</th></tr></thead>
<tbody>${m.attachments.map(
            (a, i) =>
              html`<tr><td><a href="${mailHref(m.id)}/attachments/${i}">${
                a.filename || `attachment-${i + 1}`
              }</a></td><td class="mono">${
                a.contentType
              }</td><td class="nowrap">${formatBytes(
                a.size,
              )}</td><td>${attachmentSummary(a)}</td><td class="mono small">${
                a.checksum
              }</td></tr>`,
          )}</tbody></table>`
        : html`<div class="empty">No attachments.</div>`
    }</div>`,
    'mail',
  );
}

/** For a calendar invitation, each event's summary and start; nothing for other attachments. */
function attachmentSummary(a: ReceivedAttachment): SafeHtml | string {
  if (!/^text\/calendar\b/i.test(a.contentType)) return '';
  const events = calendarEvents(a.content.toString('utf8'));
  if (!events.length) return html`<span class="muted small">no event</span>`;
  return html`${events.map(
    e =>
      html`<div class="event"><strong>${
        e.summary ?? '(no summary)'
      }</strong><br /><span class="muted small">${
        e.start ? `starts ${e.start}` : 'no start'
      }</span></div>`,
  )}`;
}

/** A MIME type as `type/subtype`, or undefined when the sender wrote something else. */
function mimeType(value: string): string | undefined {
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(value)
    ? value
    : undefined;
}

/** `/mail/:id/attachments/:index`: the bytes, as a download with the attachment's type. */
export function attachmentDownload(
  ctx: WebContext,
  req: Request,
  res: Response,
) {
  const m = mailOf(ctx, param(req, 'id'));
  const index = param(req, 'index');
  const attachment = /^\d+$/.test(index)
    ? m.attachments[Number(index)]
    : undefined;
  if (!attachment) throw notFound('No such attachment.');
  setDownloadHeaders(res);
  res.attachment(attachment.filename || `attachment-${Number(index) + 1}`);
  res.setHeader(
    'Content-Type',
    mimeType(attachment.contentType) ?? 'application/octet-stream',
  );
  res.status(200).send(attachment.content);
}
