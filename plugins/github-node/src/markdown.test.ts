import {
  escapeMarkdownText,
  neutraliseMentions,
  safeMarkdown,
} from './markdown';

const ZWJ = '\u200d';

describe('neutraliseMentions', () => {
  it('stops people and teams from being mentioned, and leaves e-mail addresses alone', () => {
    expect(
      neutraliseMentions('@jane and @acme/everyone, jane@acme.example'),
    ).toBe(`@${ZWJ}jane and @${ZWJ}acme/everyone, jane@acme.example`);
  });
});

describe('escapeMarkdownText', () => {
  it('turns links, HTML, table syntax and mentions into text on one line', () => {
    expect(
      escapeMarkdownText('[click](https://evil) <img src=x>|\n@jane'),
    ).toBe(`\\[click\\](https://evil) \\<img src=x\\>\\| @${ZWJ}jane`);
  });
});

describe('safeMarkdown', () => {
  it('keeps Markdown formatting but not HTML, links, images or mentions', () => {
    expect(
      safeMarkdown(
        '## Why\n\n- **fast** `code`\n![x](https://evil/x.png) [click](https://evil) <a href="https://evil">x</a> @acme/everyone',
      ),
    ).toBe(
      `## Why\n\n- **fast** \`code\`\n!\\[x\\](https://evil/x.png) \\[click\\](https://evil) &lt;a href="https://evil"&gt;x&lt;/a&gt; @${ZWJ}acme/everyone`,
    );
  });
});
