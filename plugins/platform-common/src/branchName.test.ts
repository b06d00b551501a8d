import { BRANCH_NAME_MAX_LENGTH, branchNameProblem } from './branchName';

/** The rule as environments-common wrote it before it moved here: the behaviour to keep. */
const previousRule = (branch: unknown) =>
  typeof branch === 'string' &&
  branch.length <= 200 &&
  /^[A-Za-z0-9._/-]+$/.test(branch) &&
  !/^[-/.]|\.\.|\/\/|[/.]$|\.lock$/.test(branch);

describe('branchNameProblem', () => {
  it.each([
    'main',
    'feature/login',
    'release-1.2',
    'renovate/node-22.x',
    'Fix_Bug-42',
    'a.b/c_d',
    'x'.repeat(BRANCH_NAME_MAX_LENGTH),
  ])('accepts %j', branch => {
    expect(branchNameProblem(branch)).toBeUndefined();
  });

  it.each([
    [
      '',
      'Nothing entered. Give a git branch name of letters, digits, ".", "_", "-" and "/", such as "main".',
    ],
    [
      'x; rm -rf /',
      'Spaces and ";" are not allowed. Use letters, digits, ".", "_", "-" and "/".',
    ],
    [
      'feature/${x}',
      '"$", "{" and "}" are not allowed. Use letters, digits, ".", "_", "-" and "/".',
    ],
    [
      'héllo',
      '"é" is not allowed. Use letters, digits, ".", "_", "-" and "/".',
    ],
    ['-x', 'Must not start with "-"; start with a letter, a digit or "_".'],
    ['/x', 'Must not start with "/"; start with a letter, a digit or "_".'],
    ['.x', 'Must not start with "."; start with a letter, a digit or "_".'],
    ['a..b', 'Must not contain "..".'],
    ['a//b', 'Must not contain "//".'],
    ['a/', 'Must not end with "/".'],
    ['a.', 'Must not end with ".".'],
    [
      'feature.lock',
      'Must not end with ".lock", which git keeps for its lock files.',
    ],
    [
      'x'.repeat(201),
      'Too long at 201 characters; shorten it by 1 to at most 200.',
    ],
  ])('refuses %j: %s', (branch, message) => {
    expect(branchNameProblem(branch)).toBe(message);
  });

  it('refuses what is not text', () => {
    expect(branchNameProblem(7)).toBe(
      'Expected text, got number. Give a git branch name of letters, digits, ".", "_", "-" and "/".',
    );
    expect(branchNameProblem(undefined)).toMatch(/^Nothing entered\. /);
    expect(branchNameProblem(null)).toMatch(/^Nothing entered\. /);
  });

  it.each([
    'main',
    '',
    ' ',
    'a b',
    '-',
    '.',
    '/',
    'a..b',
    'a.b',
    'a//b',
    'a/b',
    'a/',
    'a.',
    'a.lock',
    'a.locks',
    'lock',
    '.lock',
    'a'.repeat(200),
    'a'.repeat(201),
    'Ünïcode',
    'x\ny',
    42,
    null,
    undefined,
  ])('accepts and refuses %j as the previous rule did', branch => {
    expect(branchNameProblem(branch) === undefined).toBe(previousRule(branch));
  });
});
