/**
 * User text in pull request bodies and comments: without care `@acme/everyone` pings a whole team,
 * `<img src=...>` and `[click](https://evil)` smuggle HTML and disguised links into what reviewers
 * read. Runway's own links and formatting are written around the escaped text.
 */

/** A zero-width joiner after `@` keeps the name readable but stops GitHub from mentioning it. */
export function neutraliseMentions(text: string): string {
  return text.replace(/(^|[^\w])@(?=[\w-])/g, '$1@\u200d');
}

/**
 * One line of user text (a table cell, a name): no line breaks, and no Markdown or HTML syntax —
 * every character that could start one is backslash-escaped — and no mentions.
 */
export function escapeMarkdownText(text: string): string {
  return neutraliseMentions(
    text
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/[\\`*_[\]<>!|~&$]/g, ch => `\\${ch}`),
  );
}

/**
 * A block of Markdown that may hold user text (a template's PR description): headings, lists,
 * emphasis and code stay, but HTML, links and images become text and mentions do not ping.
 */
export function safeMarkdown(text: string): string {
  return neutraliseMentions(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[[\]]/g, ch => `\\${ch}`),
  );
}
