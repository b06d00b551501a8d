import { slackEscape, slackEscapeBlocks, slackLink } from './slackText';

describe('slackEscape', () => {
  it('turns mentions, broadcasts and disguised links into text', () => {
    expect(slackEscape('hi <!channel> <@U123> <https://evil|click> & co')).toBe(
      'hi &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; &amp; co',
    );
  });
});

describe('slackLink', () => {
  it('keeps a link Runway built and escapes its label', () => {
    expect(
      slackLink('https://runway.acme.example/e/x?a=1', '<!here> env'),
    ).toBe('<https://runway.acme.example/e/x?a=1|&lt;!here&gt; env>');
  });
});

describe('slackEscapeBlocks', () => {
  it('escapes mrkdwn text anywhere in the blocks and leaves plain text and URLs alone', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*<!channel>*' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '<@U123>' }],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open <x>' },
            url: 'https://runway.acme.example/?a=1&b=2',
          },
        ],
      },
    ];
    expect(slackEscapeBlocks(blocks)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*&lt;!channel&gt;*' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '&lt;@U123&gt;' }],
      },
      blocks[2],
    ]);
  });
});
