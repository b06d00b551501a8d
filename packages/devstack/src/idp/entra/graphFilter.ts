/**
 * The part of OData's `$filter` on users that Runway's reconciliation poll sends, and a little
 * more, and nothing half-understood:
 *
 *   createdDateTime ge 2026-12-01T00:00:00.000Z
 *   accountEnabled eq false
 *   deletedDateTime ge 2026-12-01T00:00:00.000Z        (on the deleted items)
 *   mail eq 'ada@acme.example'
 *
 * Clauses are `createdDateTime` or `deletedDateTime` with `ge`, `gt`, `le`, `lt` and a date and
 * time; `accountEnabled` with `eq` or `ne` and `true` or `false`; `mail`, `userPrincipalName` and
 * `department` with `eq` and a quoted string; joined by `and`. Anything else is refused as Graph
 * refuses a filter it cannot run (400 Request_UnsupportedQuery), so a stand-in cannot answer a
 * query the real one would reject or read differently.
 */
import type { EntraUser } from './EntraState';
import { GraphError } from './GraphSubscriptions';

type Clause = (user: EntraUser) => boolean;

const CLAUSE =
  /\s*([A-Za-z]+)\s+([A-Za-z]+)\s+('(?:[^']|'')*'|[0-9TZ:.+-]+|true|false)\s*/y;
const AND = /and\s+/y;
const SUPPORTED =
  "the devstack's Graph filters on createdDateTime and deletedDateTime (ge, gt, le, lt), accountEnabled (eq, ne), and mail, userPrincipalName and department (eq), joined by and";

const DATE_OPS: Record<string, (a: number, b: number) => boolean> = {
  ge: (a, b) => a >= b,
  gt: (a, b) => a > b,
  le: (a, b) => a <= b,
  lt: (a, b) => a < b,
};

function unsupported(message: string): GraphError {
  return new GraphError(
    400,
    'Request_UnsupportedQuery',
    `${message}: ${SUPPORTED}.`,
  );
}

function clause(field: string, op: string, literal: string): Clause {
  if (
    (field === 'createdDateTime' || field === 'deletedDateTime') &&
    DATE_OPS[op]
  ) {
    const at = Date.parse(literal);
    if (literal.startsWith("'") || Number.isNaN(at)) {
      throw unsupported(
        `${field} ${op} needs an unquoted date and time such as 2026-12-01T00:00:00Z, not ${literal}`,
      );
    }
    const compare = DATE_OPS[op];
    return user => {
      const value = user[field];
      return value !== null && compare(Date.parse(value), at);
    };
  }
  if (field === 'accountEnabled' && (op === 'eq' || op === 'ne')) {
    if (literal !== 'true' && literal !== 'false') {
      throw unsupported(`accountEnabled ${op} needs true or false`);
    }
    const wanted = literal === 'true';
    return op === 'eq'
      ? user => user.accountEnabled === wanted
      : user => user.accountEnabled !== wanted;
  }
  if (
    (field === 'mail' ||
      field === 'userPrincipalName' ||
      field === 'department') &&
    op === 'eq'
  ) {
    if (!literal.startsWith("'")) {
      throw unsupported(`${field} eq needs a quoted string`);
    }
    const wanted = literal.slice(1, -1).replace(/''/g, "'").toLowerCase();
    return user => (user[field] ?? '').toLowerCase() === wanted;
  }
  throw unsupported(
    `Unsupported or invalid query filter clause specified for property '${field}' with operator '${op}'`,
  );
}

/** A predicate for the expression; throws GraphError (400) naming what it cannot run. */
export function parseGraphFilter(expression: string): Clause {
  const clauses: Clause[] = [];
  let at = 0;
  for (;;) {
    CLAUSE.lastIndex = at;
    const m = CLAUSE.exec(expression);
    if (!m) {
      throw unsupported(
        `Invalid filter clause at character ${at + 1} ("${expression.slice(
          at,
          at + 30,
        )}")`,
      );
    }
    clauses.push(clause(m[1], m[2], m[3]));
    at = CLAUSE.lastIndex;
    if (at === expression.length) break;
    AND.lastIndex = at;
    if (!AND.exec(expression)) {
      throw unsupported(
        `Expected "and" at character ${at + 1} ("${expression.slice(
          at,
          at + 30,
        )}")`,
      );
    }
    at = AND.lastIndex;
  }
  return user => clauses.every(c => c(user));
}
