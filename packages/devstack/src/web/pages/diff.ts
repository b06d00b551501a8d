/** Unified diffs as coloured <pre> blocks, one box per file. */
import type { FileDiff } from '../gitView';
import { plural } from '../format';
import { SafeHtml, html } from '../html';

/** Past this many lines in all, the rest of a diff is only summarised. */
const MAX_LINES = 20_000;

function lineClass(line: string): string {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (line.startsWith('\\')) return 'meta';
  return 'ctx';
}

function fileBody(file: FileDiff, budget: number): SafeHtml {
  if (file.binary) return html`<div class="empty">Binary file not shown.</div>`;
  if (!file.lines.length)
    return html`<div class="empty">No content changes.</div>`;
  const shown = file.lines.slice(0, Math.max(budget, 0));
  return html`<pre class="diff">${shown.map(
    line => html`<span class="${lineClass(line)}">${line || ' '}</span>`,
  )}</pre>${
    shown.length < file.lines.length
      ? html`<div class="empty">${
          file.lines.length - shown.length
        } more lines not shown.</div>`
      : ''
  }`;
}

export function renderDiff(
  files: FileDiff[],
  fileHref?: (file: FileDiff) => string | undefined,
): SafeHtml {
  if (!files.length)
    return html`<div class="box"><div class="empty">No changes.</div></div>`;
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  let budget = MAX_LINES;
  return html`<p class="muted">${plural(
    files.length,
    'changed file',
  )} with <span class="status-success">${plural(
    additions,
    'addition',
  )}</span> and <span class="status-failure">${plural(
    deletions,
    'deletion',
  )}</span></p>
${files.map(file => {
  const href = fileHref?.(file);
  const body = fileBody(file, budget);
  budget -= file.lines.length;
  return html`<div class="box diff-file">
<div class="head"><span class="mono">${
    href ? html`<a href="${href}">${file.path}</a>` : file.path
  }</span><span class="badge">${
    file.status
  }</span><span class="small"><span class="status-success">+${
    file.additions
  }</span> <span class="status-failure">−${file.deletions}</span></span></div>
${body}
</div>`;
})}`;
}
