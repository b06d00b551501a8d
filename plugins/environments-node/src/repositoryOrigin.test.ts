import {
  componentRepository,
  repositoryOriginProblem,
} from './repositoryOrigin';

describe('repositoryOriginProblem', () => {
  const host = 'github.com';
  const from = (path: string) => `url:https://github.com/${path}`;

  it('lets a Component deploy the repository it was registered from', () => {
    for (const origin of [
      from('acme/cart/blob/main/catalog-info.yaml'),
      from('Acme/Cart/tree/main/catalog-info.yaml'),
      from('acme/cart/blob/master/deploy/catalog-info.yaml'),
    ]) {
      expect(repositoryOriginProblem(origin, 'acme/cart', host)).toBe(
        undefined,
      );
    }
  });

  it('trusts Components from the platform’s own config (files on Runway’s server)', () => {
    expect(
      repositoryOriginProblem(
        'file:/app/examples/components.yaml',
        'acme/anything',
        host,
      ),
    ).toBe(undefined);
  });

  it.each([
    [from('acme/cart/blob/main/catalog-info.yaml'), 'acme/platform-config'],
    ['url:https://gitlab.example/acme/cart/-/raw/main/x.yaml', 'acme/cart'],
    ['url:https://github.com.evil.example/acme/cart/x.yaml', 'acme/cart'],
    [from('acme'), 'acme/cart'],
    [from('acme/cart.git'), 'acme/cart'],
    // A side branch anyone's pull request may have pushed, however it is spelled.
    [from('acme/cart/blob/runway/catalog-info/catalog-info.yaml'), 'acme/cart'],
    [
      from(
        'acme/cart/blob/main/catalog-info.yaml%3Fref%3Drunway%2Fcatalog-info%26',
      ),
      'acme/cart',
    ],
    [from('acme/cart/blob/main/catalog-info.yaml?ref=evil'), 'acme/cart'],
    [from('acme/cart/blob/main/catalog-info.yaml#x'), 'acme/cart'],
    ['url:not a url', 'acme/cart'],
    [undefined, 'acme/cart'],
  ])('refuses a Component from %s naming %s', (origin, slug) => {
    expect(repositoryOriginProblem(origin, slug, host)).toMatch(
      new RegExp(
        `^names ${slug} as its repository .* a Component deploys only the repository on github.com whose default branch`,
      ),
    );
  });
});

describe('componentRepository', () => {
  const location =
    'url:https://github.com/acme/cart/blob/main/catalog-info.yaml';
  const annotations = (slug?: string) => ({
    'backstage.io/managed-by-location': location,
    ...(slug === undefined ? {} : { 'github.com/project-slug': slug }),
  });

  it('answers the repository a Component registered from it names', () => {
    expect(componentRepository(annotations('acme/cart'), 'github.com')).toEqual(
      { owner: 'acme', repo: 'cart', slug: 'acme/cart' },
    );
  });

  it.each([undefined, '', 'acme', 'acme/cart/x', 'acme/..', 'acme/cart?x'])(
    'says which annotation to add when the slug is %p',
    slug => {
      expect(componentRepository(annotations(slug), 'github.com')).toEqual({
        problem: expect.stringMatching(
          /^names no GitHub repository \(annotation github\.com\/project-slug: <owner>\/<repo>\).*add it to its catalog-info\.yaml\.$/,
        ),
      });
    },
  );

  it('refuses a repository other than the one it was registered from', () => {
    expect(
      componentRepository(annotations('acme/platform-config'), 'github.com'),
    ).toEqual({
      problem: expect.stringMatching(
        /^names acme\/platform-config as its repository/,
      ),
    });
  });
});
