import { slackEscape } from './slackText';

describe('slackEscape', () => {
  it('turns mentions, broadcasts and disguised links into text', () => {
    expect(slackEscape('hi <!channel> <@U123> <https://evil|click> & co')).toBe(
      'hi &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; &amp; co',
    );
  });
});
