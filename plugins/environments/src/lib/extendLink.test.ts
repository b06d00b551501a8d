import { extendLinkIntent, withoutExtendLink } from './extendLink';

const params = (query: string) => new URLSearchParams(query);

describe('extendLinkIntent', () => {
  it('reads the expiry warning link: /environments/<name>?extend=1', () => {
    expect(extendLinkIntent(params('extend=1'), 'pr-1')).toEqual({
      name: 'pr-1',
      days: 1,
    });
  });

  it('reads days from the link', () => {
    expect(extendLinkIntent(params('extend=3'), 'pr-1')).toEqual({
      name: 'pr-1',
      days: 3,
    });
    expect(extendLinkIntent(params('extend=pr-1&days=7'))).toEqual({
      name: 'pr-1',
      days: 7,
    });
  });

  it('defaults to one day', () => {
    expect(extendLinkIntent(params('extend=pr-1'))).toEqual({
      name: 'pr-1',
      days: 1,
    });
    expect(extendLinkIntent(params('extend='), 'pr-1')).toEqual({
      name: 'pr-1',
      days: 1,
    });
  });

  it('explains a link whose days are not a whole number', () => {
    expect(extendLinkIntent(params('extend=pr-1&days=two'))).toEqual({
      name: 'pr-1',
      problem: expect.stringMatching(
        /extend pr-1 by "two" days; it must be a whole number of days/,
      ),
    });
  });

  it('ignores a URL without an extend request', () => {
    expect(extendLinkIntent(params('filter=team'), 'pr-1')).toBeUndefined();
    expect(extendLinkIntent(params('extend='))).toBeUndefined();
  });

  it('drops the request once answered, keeping the rest', () => {
    expect(
      withoutExtendLink(params('filter=team&extend=pr-1&days=2')).toString(),
    ).toBe('filter=team');
  });
});
