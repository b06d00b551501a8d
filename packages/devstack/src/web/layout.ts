/** The shared page frame: header with navigation, inline CSS, security headers. */
import type { Response } from 'express';
import { SafeHtml, html, trustedHtml } from './html';

export type Section = 'repos' | 'pulls' | 'slack' | 'mail' | 'webhooks' | 'idp';

/** No scripts at all; inline styles; images from here; mail HTML in a sandboxed srcdoc frame. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'";

/** For bytes served as they are (raw files, attachments): never run anything they hold. */
export const DOWNLOAD_SECURITY_POLICY = "default-src 'none'; sandbox";

const NAV: [Section, string, string][] = [
  ['repos', '/', 'Repositories'],
  ['pulls', '/pulls', 'Pull requests'],
  ['slack', '/slack', 'Slack'],
  ['mail', '/mail', 'Mail'],
  ['webhooks', '/webhooks', 'Webhooks'],
  ['idp', '/idp', 'Identity provider'],
];

const CSS = trustedHtml(`
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
header{background:#24292f;color:#fff;padding:0 24px;display:flex;align-items:center;gap:24px;height:56px}
header .brand{font-weight:600;color:#fff;font-size:16px}
header nav{display:flex;gap:4px}
header nav a{color:#d0d7de;padding:6px 10px;border-radius:6px}
header nav a.active,header nav a:hover{color:#fff;background:#424a53;text-decoration:none}
main{max-width:1100px;margin:24px auto;padding:0 24px}
h1{font-size:22px;font-weight:600;margin:0 0 8px}h2{font-size:17px;font-weight:600;margin:24px 0 8px}
.muted{color:#656d76}.small{font-size:12px}.nowrap{white-space:nowrap}
.box{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:12px 0;overflow:hidden}
.box>.head{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
.box>.body{padding:12px 16px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 16px;border-top:1px solid #d8dee4;vertical-align:top}
thead th{white-space:nowrap;border-top:none;background:#f6f8fa;font-weight:600}
.box table tr:first-child td{border-top:none}.box table thead+tbody tr:first-child td{border-top:1px solid #d8dee4}
pre{margin:0;padding:12px 16px;overflow:auto;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre.code{white-space:pre}
pre.code .ln{display:inline-block;width:4em;padding-right:1em;text-align:right;color:#8c959f;user-select:none}
pre.diff{white-space:pre;padding:0}
pre.diff span{display:block;padding:0 16px}
pre.diff .add{background:#dafbe1}pre.diff .del{background:#ffebe9}pre.diff .hunk{background:#ddf4ff;color:#57606a}pre.diff .meta{color:#656d76}
.badge{display:inline-block;padding:1px 8px;border-radius:2em;font-size:12px;font-weight:500;border:1px solid #d0d7de;background:#f6f8fa;color:#1f2328}
.state-open{background:#1f883d;color:#fff;border-color:#1f883d}.state-merged{background:#8250df;color:#fff;border-color:#8250df}
.state-closed{background:#cf222e;color:#fff;border-color:#cf222e}.state-draft{background:#6e7781;color:#fff;border-color:#6e7781}
.status-success{color:#1a7f37}.status-failure,.status-error{color:#cf222e}.status-pending{color:#9a6700}
.branches a{margin-right:6px}.branches a.current{font-weight:600}
.crumbs{font-size:16px;margin:8px 0}
table.files a.dir{font-weight:600}table.files a.dir::after{content:"/";color:#656d76}
table.files td.size{width:8em;text-align:right;white-space:nowrap}
.msg{padding:8px 16px;border-top:1px solid #d8dee4}.msg:first-child{border-top:none}
.msg .who{font-weight:600}.msg .text{white-space:pre-wrap;word-break:break-word}
.msg.reply{margin-left:32px;border-left:3px solid #d0d7de}
.block{margin:6px 0}.block.header{font-weight:600;font-size:15px}.block.context{color:#656d76;font-size:12px}
.block a.button{display:inline-block;border:1px solid #d0d7de;border-radius:6px;padding:2px 10px;margin-right:6px;background:#f6f8fa}
.attachment{border-left:4px solid #d0d7de;padding-left:8px;margin:6px 0}
iframe.mail{width:100%;height:480px;border:0;background:#fff}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.meta dt{color:#656d76}dl.meta dd{margin:0}
.empty{padding:24px 16px;color:#656d76;text-align:center}
form.fields{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:8px 16px;align-items:center;padding:12px 16px;margin:0}
form.fields label{color:#656d76}form.inline{display:inline;margin:0}
input{font:inherit;padding:4px 8px;border:1px solid #d0d7de;border-radius:6px;width:100%;max-width:420px;background:#fff}
button{font:inherit;padding:3px 12px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;color:#1f2328;cursor:pointer}
button.primary{background:#1f883d;color:#fff;border-color:#1f883d}button.danger{color:#cf222e}
.notice{padding:8px 16px;border:1px solid;border-radius:6px;margin:12px 0}
.tabs{display:flex;gap:4px;margin:8px 0 12px}.tabs a{padding:4px 12px;border:1px solid #d0d7de;border-radius:6px;background:#fff}.tabs a.active{background:#24292f;color:#fff;border-color:#24292f}
select{font:inherit;padding:4px 8px;border:1px solid #d0d7de;border-radius:6px;background:#fff}
.notice.error{background:#ffebe9;border-color:#ff8182}.notice.ok{background:#dafbe1;border-color:#4ac26b}
`);

export function layout(
  title: string,
  body: SafeHtml,
  section?: Section,
): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Runway devstack</title>
<style>${CSS}</style>
</head>
<body>
<header>
<a class="brand" href="/">Runway devstack</a>
<nav>${NAV.map(
    ([key, href, label]) =>
      html`<a href="${href}"${
        key === section ? trustedHtml(' class="active"') : ''
      }>${label}</a>`,
  )}</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export function setHtmlHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

export function sendPage(
  res: Response,
  title: string,
  body: SafeHtml,
  section?: Section,
  status = 200,
): void {
  setHtmlHeaders(res);
  res
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout(title, body, section).value);
}

/** A redirect within the web view, with the same headers as its pages. */
export function redirect(res: Response, location: string): void {
  setHtmlHeaders(res);
  res.redirect(location);
}

/** Sends bytes for download or plain viewing, locked down so nothing in them can run. */
export function setDownloadHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', DOWNLOAD_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

/** Thrown by page handlers; the router turns it into the error page. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const notFound = (what = 'This page does not exist.') =>
  new HttpError(404, what);

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
};

export function sendError(res: Response, error: HttpError): void {
  const title = ERROR_TITLES[error.status] ?? 'Error';
  sendPage(
    res,
    title,
    html`<h1>${error.status} · ${title}</h1><p class="muted">${error.message}</p><p><a href="/">Back to the overview</a></p>`,
    undefined,
    error.status,
  );
}
