import { slackEscape, slackLink } from './slackText';

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
