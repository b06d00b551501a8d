import fs from 'node:fs';
import path from 'node:path';
import { DNS_LABEL_PATTERN } from '@runway/platform-common';
import {
  branchNameProblem,
  ENVIRONMENT_NAME_MAX_LENGTH,
  environmentNameProblem,
  extendedExpiry,
  initialExpiry,
  lifetimeDaysProblem,
  maxExpiry,
} from './lifetime';

const created = new Date('2026-11-01T10:00:00Z');
const day = (n: number) => new Date(created.getTime() + n * 86_400_000);

describe('lifetime rules', () => {
  it('gives a new environment 7 days unless asked otherwise', () => {
    expect(initialExpiry(created, undefined)).toEqual(day(7));
    expect(initialExpiry(created, 3)).toEqual(day(3));
  });

  it('never lets a lifetime pass the maximum', () => {
    expect(initialExpiry(created, 45)).toEqual(day(30));
    expect(maxExpiry(created)).toEqual(day(30));
    expect(
      maxExpiry(created, { defaultLifetimeDays: 2, maxLifetimeDays: 10 }),
    ).toEqual(day(10));
  });

  it('extends from the current expiry while it is in the future', () => {
    const now = day(2);
    expect(extendedExpiry({ createdAt: created, expiresAt: day(7) }, 1, now))
      .toMatchInlineSnapshot(`
      {
        "capped": false,
        "expiresAt": 2026-11-09T10:00:00.000Z,
      }
    `);
  });

  it('extends from now once the expiry has passed', () => {
    const now = day(8);
    expect(
      extendedExpiry({ createdAt: created, expiresAt: day(7) }, 2, now),
    ).toEqual({ expiresAt: day(10), capped: false });
  });

  it('caps an extension at creation plus the maximum lifetime', () => {
    expect(
      extendedExpiry({ createdAt: created, expiresAt: day(25) }, 7, day(20)),
    ).toEqual({ expiresAt: day(30), capped: true });
  });

  it.each([0, -1, 31, 1.5, '3', null])('refuses %p days', days => {
    expect(lifetimeDaysProblem(days)).toMatch(
      /whole number of days from 1 to 30/,
    );
  });

  it.each([1, 7, 30])('accepts %p days', days => {
    expect(lifetimeDaysProblem(days)).toBeUndefined();
  });

  it('names are DNS labels of at most 40 characters', () => {
    expect(environmentNameProblem('pr-1234-checkout')).toBeUndefined();
    expect(environmentNameProblem('42-checkout')).toBeUndefined();
    expect(environmentNameProblem('a'.repeat(40))).toBeUndefined();
    expect(environmentNameProblem('a'.repeat(41))).toBe(
      'Too long at 41 characters; shorten it by 1 to at most 40.',
    );
    expect(environmentNameProblem('Feature_X')).toBe(
      'Capital letters and "_" are not allowed. Use lower-case letters, digits and dashes. Try "feature-x".',
    );
    expect(environmentNameProblem('-x')).toBe(
      'Must start with a letter or digit, not "-". Try "x".',
    );
    expect(environmentNameProblem('pr-42-')).toBe(
      'Must not end with a dash. Try "pr-42".',
    );
    const nothing =
      'Nothing entered. Use lower-case letters, digits and dashes, starting with a letter or digit, at most 40 characters.';
    expect(environmentNameProblem('')).toBe(nothing);
    expect(environmentNameProblem(undefined)).toBe(nothing);
    expect(environmentNameProblem(42)).toBe(
      'Expected text, got number. Use lower-case letters, digits and dashes, starting with a letter or digit, at most 40 characters.',
    );
  });

  it("names follow the ephemeral-environment template's pattern and maxLength", () => {
    const template = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../templates/ephemeral-environment/template.yaml',
      ),
      'utf8',
    );
    const nameParameter = /\n {8}name:\n[\s\S]*?maxLength: \d+/.exec(
      template,
    )![0];
    expect(nameParameter).toContain(`pattern: '${DNS_LABEL_PATTERN.source}'`);
    expect(nameParameter).toContain(
      `maxLength: ${ENVIRONMENT_NAME_MAX_LENGTH}`,
    );
  });

  it('branches are what git and Argo CD accept and manifests can hold', () => {
    expect(branchNameProblem('feature/login')).toBeUndefined();
    expect(branchNameProblem('x; rm -rf /')).toBe(
      'Spaces and ";" are not allowed. Use letters, digits, ".", "_", "-" and "/".',
    );
    expect(branchNameProblem('a..b')).toBe('Must not contain "..".');
  });
});
