import type { OktaUser } from './OktaState';
import { SearchError, parseSearch } from './search';

function user(
  id: string,
  status: OktaUser['status'],
  created: string,
  statusChanged = created,
): OktaUser {
  return {
    id,
    status,
    created,
    activated: created,
    statusChanged,
    lastUpdated: statusChanged,
    profile: {
      login: `${id}@acme.example`,
      email: `${id}@acme.example`,
      firstName: id,
      lastName: id,
      displayName: id,
    },
    seeded: false,
  };
}

const USERS = [
  user('old-staff', 'ACTIVE', '2024-01-01T00:00:00.000Z'),
  user('new-hire', 'ACTIVE', '2026-12-05T10:00:00.000Z'),
  user('staged', 'STAGED', '2026-12-06T10:00:00.000Z'),
  user(
    'new-hire-gone',
    'DEPROVISIONED',
    '2026-12-02T10:00:00.000Z',
    '2026-12-03T10:00:00.000Z',
  ),
  user(
    'old-leaver',
    'DEPROVISIONED',
    '2024-01-01T00:00:00.000Z',
    '2026-12-10T10:00:00.000Z',
  ),
  user(
    'left-long-ago',
    'DEPROVISIONED',
    '2024-01-01T00:00:00.000Z',
    '2025-01-01T00:00:00.000Z',
  ),
];

const ids = (expression: string) =>
  USERS.filter(parseSearch(expression)).map(u => u.id);

describe("Okta's search expressions, as the reconciliation poll sends them", () => {
  const since = '2026-12-01T00:00:00.000Z';

  it('finds the people created since, who are not deprovisioned', () => {
    expect(ids(`created gt "${since}" and status ne "DEPROVISIONED"`)).toEqual([
      'new-hire',
      'staged',
    ]);
  });

  it('finds the people deprovisioned since, whenever they were created', () => {
    expect(
      ids(`status eq "DEPROVISIONED" and statusChanged gt "${since}"`),
    ).toEqual(['new-hire-gone', 'old-leaver']);
  });

  it('takes each clause alone, and is lenient about case and spaces where Okta is', () => {
    expect(ids(`status eq "STAGED"`)).toEqual(['staged']);
    expect(
      ids(
        `  statusChanged GT "2026-12-04T00:00:00Z"   AND  status NE "ACTIVE" `,
      ),
    ).toEqual(['staged', 'old-leaver']);
    expect(ids(`created gt "2026-12-05T10:00:00.000Z"`)).toEqual(['staged']);
  });

  it.each([
    [
      'an operator it does not know',
      'created lt "2026-01-01T00:00:00Z"',
      /"created lt" is not supported/,
    ],
    [
      'an attribute it does not know',
      'profile.email eq "a@acme.example"',
      /"profile.email eq" is not supported/,
    ],
    [
      'or',
      'status eq "ACTIVE" or status eq "STAGED"',
      /expected "and" at character 20/,
    ],
    [
      'a date that is none',
      'created gt "yesterday"',
      /created gt needs a date, not "yesterday"/,
    ],
    [
      'an unquoted value',
      'status eq ACTIVE',
      /cannot read the search at character 1/,
    ],
    ['a dangling and', 'status eq "ACTIVE" and ', /cannot read the search/],
    ['nothing', '', /cannot read the search/],
  ])('refuses %s, saying what it understands', (_what, expression, message) => {
    expect(() => parseSearch(expression)).toThrow(SearchError);
    expect(() => parseSearch(expression)).toThrow(message);
  });
});
