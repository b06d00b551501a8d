/**
 * The part of Okta's `search` expression language (SCIM filter syntax) that Runway's
 * reconciliation poll sends, and nothing more:
 *
 *   created gt "2026-12-01T00:00:00.000Z" and status ne "DEPROVISIONED"
 *   status eq "DEPROVISIONED" and statusChanged gt "2026-12-01T00:00:00.000Z"
 *
 * Clauses are `created gt "<date>"`, `statusChanged gt "<date>"`, `status eq "<STATUS>"` and
 * `status ne "<STATUS>"`, joined by `and`. Anything else is refused (Okta's 400, E0000031) rather
 * than half-understood: a stand-in that answered a search it cannot evaluate would hide a bug.
 */
import type { OktaUser } from './OktaState';

export class SearchError extends Error {}

type Clause = (user: OktaUser) => boolean;

const CLAUSE = /\s*([A-Za-z.]+)\s+([A-Za-z]+)\s+"((?:[^"\\]|\\.)*)"\s*/y;
const AND = /and\s+/iy;

const SUPPORTED =
  'the devstack understands created gt "<date>", statusChanged gt "<date>", status eq "<STATUS>" and status ne "<STATUS>", joined by and';

function clause(field: string, op: string, raw: string): Clause {
  const value = raw.replace(/\\(.)/g, '$1');
  const operator = op.toLowerCase();
  if ((field === 'created' || field === 'statusChanged') && operator === 'gt') {
    const at = Date.parse(value);
    if (Number.isNaN(at)) {
      throw new SearchError(`${field} gt needs a date, not "${value}"`);
    }
    return user => Date.parse(user[field]) > at;
  }
  if (field === 'status' && (operator === 'eq' || operator === 'ne')) {
    return operator === 'eq'
      ? user => user.status === value
      : user => user.status !== value;
  }
  throw new SearchError(`"${field} ${op}" is not supported: ${SUPPORTED}`);
}

/** A predicate for the expression; throws SearchError naming what it cannot evaluate. */
export function parseSearch(expression: string): Clause {
  const clauses: Clause[] = [];
  let at = 0;
  for (;;) {
    CLAUSE.lastIndex = at;
    const m = CLAUSE.exec(expression);
    if (!m) {
      throw new SearchError(
        `cannot read the search at character ${at + 1} ("${expression.slice(
          at,
          at + 30,
        )}"): ${SUPPORTED}`,
      );
    }
    clauses.push(clause(m[1], m[2], m[3]));
    at = CLAUSE.lastIndex;
    if (at === expression.length) break;
    AND.lastIndex = at;
    if (!AND.exec(expression)) {
      throw new SearchError(
        `expected "and" at character ${at + 1} ("${expression.slice(
          at,
          at + 30,
        )}"): ${SUPPORTED}`,
      );
    }
    at = AND.lastIndex;
  }
  return user => clauses.every(c => c(user));
}
