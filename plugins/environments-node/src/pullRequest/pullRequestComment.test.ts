import {
  environmentComment,
  environmentFailedComment,
} from './pullRequestComment';

describe('environmentComment', () => {
  it('shows service and branch names as text: no mention, HTML or link from them', () => {
    const comment = environmentComment({
      name: 'pr-42-checkout',
      urls: { '@acme/everyone<img src=x>': 'https://pr-42.acme.example' },
      branches: {
        '@acme/everyone<img src=x>': 'x`@jane [click](https://evil)',
      },
      expiresAt: '2026-11-09T09:00:00.000Z',
      environmentUrl: 'https://runway.acme.example/environments/pr-42-checkout',
    });
    expect(comment).not.toMatch(/(^|[^\w])@[a-z]/);
    // A backslash-escaped character renders as itself, never as syntax.
    expect(comment).not.toMatch(/(^|[^\\])<img/);
    expect(comment).not.toMatch(/(^|[^\\])\[click/);
    expect(comment).toContain('| https://pr-42.acme.example |');
    expect(comment).toContain(
      '[extend or destroy it in Runway](https://runway.acme.example/environments/pr-42-checkout)',
    );
  });
});

describe('environmentFailedComment', () => {
  it('says failed with the reason as text, and never ready', () => {
    const comment = environmentFailedComment({
      name: 'pr-42',
      reason:
        'rw-pr-42-checkout: ComparisonError: path <b>deploy</b> does not exist',
      environmentUrl: 'https://runway.acme.example/environments/pr-42',
    });
    expect(comment).toContain('### Environment `pr-42` failed');
    expect(comment).toContain('ComparisonError');
    expect(comment).not.toMatch(/(^|[^\\])<b>/);
    expect(comment).not.toMatch(/ready/i);
  });
});
