/**
 * User text in Slack messages: Slack reads `<!channel>`, `<@U123>` and `<https://x|label>` as
 * mentions and links, so what a person typed is escaped before it is sent (templates use the
 * `slackEscape` filter Runway's scaffolder module registers).
 */

/** `&`, `<` and `>` as Slack's entities: the text renders as written, never as markup. */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
