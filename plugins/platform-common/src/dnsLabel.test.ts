import {
  DNS_LABEL_PATTERN,
  LETTER_FIRST_DNS_LABEL_PATTERN,
  dnsLabelProblem,
} from './dnsLabel';

describe('dnsLabelProblem', () => {
  it.each([
    'pr-1234-checkout',
    'a',
    '1',
    '42-checkout',
    'a--b',
    'a'.repeat(40),
  ])('accepts %j as a label of at most 40', value => {
    expect(dnsLabelProblem(value, 40)).toBeUndefined();
  });

  it.each([
    [
      '',
      'Nothing entered. Use lower-case letters, digits and dashes, starting with a letter or digit, at most 40 characters.',
    ],
    [
      'Feature_X',
      'Capital letters and "_" are not allowed. Use lower-case letters, digits and dashes. Try "feature-x".',
    ],
    [
      'PR 42',
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "pr-42".',
    ],
    ['-x', 'Must start with a letter or digit, not "-". Try "x".'],
    ['--', 'Must start with a letter or digit, not "-".'],
    ['pr-42-', 'Must not end with a dash. Try "pr-42".'],
    [
      'a'.repeat(41),
      'Too long at 41 characters; shorten it by 1 to at most 40.',
    ],
  ])('refuses %j: %s', (value, message) => {
    expect(dnsLabelProblem(value, 40)).toBe(message);
  });

  it('keeps a leading digit in its suggestion unless the label must start with a letter', () => {
    expect(dnsLabelProblem('42 Checkout', 40)).toBe(
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "42-checkout".',
    );
    expect(dnsLabelProblem('42 Checkout', 40, { startWithLetter: true })).toBe(
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "checkout".',
    );
    expect(dnsLabelProblem('42-checkout', 40, { startWithLetter: true })).toBe(
      'Must start with a letter, not "4". Try "checkout".',
    );
  });

  it('counts the length against the maximum it is given', () => {
    expect(dnsLabelProblem('abcdef', 5)).toBe(
      'Too long at 6 characters; shorten it by 1 to at most 5.',
    );
    expect(dnsLabelProblem('a'.repeat(63), 63)).toBeUndefined();
    // A suggestion that would not fit is not offered.
    expect(dnsLabelProblem('Abcdef', 5)).toBe(
      'Capital letters are not allowed. Use lower-case letters, digits and dashes.',
    );
  });

  it.each([0, 64, 1.5, NaN])('refuses a maximum length of %p', maxLength => {
    expect(() => dnsLabelProblem('a', maxLength)).toThrow(RangeError);
  });

  it('refuses what is not text, and calls null and undefined nothing', () => {
    expect(dnsLabelProblem(7, 40)).toBe(
      'Expected text, got number. Use lower-case letters, digits and dashes, starting with a letter or digit, at most 40 characters.',
    );
    expect(dnsLabelProblem(undefined, 40)).toMatch(/^Nothing entered\. /);
    expect(dnsLabelProblem(null, 40)).toMatch(/^Nothing entered\. /);
  });

  it('names a long list of odd characters without listing them all', () => {
    const value = 'a<>|\\?*:;,é';
    expect(dnsLabelProblem(value, 40)).toBe(
      '"<", ">", "|", "\\\\", "?" and 5 other characters are not allowed. Use lower-case letters, digits and dashes. Try "a-e".',
    );
  });

  it.each([
    ['Feature_X', false],
    ['-x', false],
    ['x-', false],
    ['9lives', true],
    ['a.b', false],
    ['a--b', true],
    ['ÄPI', false],
  ])('agrees with the RFC 1123 pattern on %j', (value, valid) => {
    expect(DNS_LABEL_PATTERN.test(value)).toBe(valid);
    expect(dnsLabelProblem(value, 63) === undefined).toBe(valid);
    expect(
      dnsLabelProblem(value, 63, { startWithLetter: true }) === undefined,
    ).toBe(LETTER_FIRST_DNS_LABEL_PATTERN.test(value));
  });
});
