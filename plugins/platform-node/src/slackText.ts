/**
 * User text in Slack messages: Slack reads `<!channel>`, `<@U123>` and `<https://x|label>` as
 * mentions and links, so text from templates and users is escaped before it is sent; links Runway
 * builds itself go through {@link slackLink}.
 */

/** `&`, `<` and `>` as Slack's entities: the text renders as written, never as markup. */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A link Runway built (its own URL), with an escaped label. */
export function slackLink(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${slackEscape(label)}>`;
}

/**
 * Block Kit blocks with every `mrkdwn` text escaped; `plain_text` is never parsed for markup and
 * URLs (buttons, images) are left as they are.
 */
export function slackEscapeBlocks<T>(blocks: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
      copy[key] =
        key === 'text' && object.type === 'mrkdwn' && typeof item === 'string'
          ? slackEscape(item)
          : walk(item);
    }
    return copy;
  };
  return walk(blocks) as T;
}
