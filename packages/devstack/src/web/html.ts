/**
 * The web view's only way to produce HTML. Every string that reaches a page — repository files,
 * commit messages, pull request bodies, Slack texts, mail subjects — is attacker-controlled, so
 * `html` escapes each interpolated value unless it is already SafeHtml (the output of `html`
 * itself, or of `trustedHtml` for constant markup).
 */

/** Markup that is already safe to send: built by `html` or marked by `trustedHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, c => ESCAPES[c]);
}

/** Marks constant markup as safe. Never pass it anything that came from a request or from data. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** What may be interpolated into `html`: text (escaped), safe markup, lists of either; nullish and false render nothing. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/** Tagged template: html`<p>${text}</p>` escapes `text`, keeps nested html`` as is. */
export function html(
  strings: TemplateStringsArray,
  ...values: HtmlValue[]
): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + strings[i + 1];
  }
  return new SafeHtml(out);
}

/** Only http(s) links become hrefs; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined;
}
