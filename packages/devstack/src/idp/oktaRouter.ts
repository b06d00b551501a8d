/**
 * The identity-provider stand-in over HTTP.
 *
 * Under `/okta`, the part of Okta's Users API that Runway reads, with Okta's authentication
 * (`Authorization: SSWS <token>`) and error shape (`{ errorCode, errorSummary, ... }`):
 * - `GET /okta/api/v1/users/{id or login}`;
 * - `GET /okta/api/v1/users?search=&limit=&after=`, paged with `Link: <…>; rel="next"` (without
 *   `search`, every user who is not DEPROVISIONED, as Okta lists).
 *
 * Under `/_devstack/idp`, what an Okta admin does, for the bench and tests (JSON, `{ error }` on
 * refusal): `POST /_devstack/idp/users` hires, `POST /_devstack/idp/users/{id}/deactivate` lets go,
 * `GET /_devstack/idp/users` and `GET /_devstack/idp/deliveries` read the state. When Runway was
 * not told (the hook's verification or a delivery failed) the answer is 502 with the reason.
 */
import { timingSafeEqual, randomBytes } from 'node:crypto';
import express, { Request, Response } from 'express';
import { changeAnswerer, notJsonBody, notToldJson } from './adminJson';
import {
  OktaChange,
  OktaState,
  OktaUser,
  HireInput,
  oktaUserJson,
} from './OktaState';
import { SearchError } from './search';

/** Okta's page size limit for users. */
const MAX_LIMIT = 200;

function oktaError(
  res: Response,
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
): void {
  res.status(status).json({
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: `oae${randomBytes(12).toString('base64url')}`,
    errorCauses: causes.map(c => ({ errorSummary: c })),
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^SSWS\s+(.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The one value of a query parameter, or undefined; a repeated one is refused. */
function queryValue(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SearchError(`${name} is repeated`);
  return value;
}

/** Okta's Users API, mounted at `/okta`. */
export function createOktaApiRouter(options: {
  okta: OktaState;
  apiToken: string;
}): express.Router {
  const { okta, apiToken } = options;
  const router = express.Router();
  const json = (u: OktaUser) => oktaUserJson(u, okta.orgUrl);

  router.use((req, res, next) => {
    if (tokenMatches(req.header('authorization'), apiToken)) return next();
    return oktaError(res, 401, 'E0000011', 'Invalid token provided');
  });

  router.get('/api/v1/users', (req, res) => {
    let users: OktaUser[];
    let search: string | undefined;
    let limit = MAX_LIMIT;
    let after: string | undefined;
    try {
      for (const unsupported of ['filter', 'q']) {
        if (req.query[unsupported] !== undefined) {
          throw new SearchError(
            `the devstack's Okta supports search=, not ${unsupported}=`,
          );
        }
      }
      search = queryValue(req, 'search');
      after = queryValue(req, 'after');
      const rawLimit = queryValue(req, 'limit');
      if (rawLimit !== undefined) {
        const n = Number(rawLimit);
        if (!Number.isInteger(n) || n < 1) {
          throw new SearchError(`limit must be a whole number of at least 1`);
        }
        limit = Math.min(n, MAX_LIMIT);
      }
      users =
        search === undefined
          ? okta.users().filter(u => u.status !== 'DEPROVISIONED')
          : okta.search(search);
    } catch (error) {
      if (!(error instanceof SearchError)) throw error;
      oktaError(res, 400, 'E0000031', 'Invalid search criteria.', [
        error.message,
      ]);
      return;
    }
    // Ordered by id; the cursor is the last id of the page, so a user added meanwhile is not
    // skipped or repeated.
    // (Code-point order, as `>` compares the cursor; ids are unique.)
    users.sort((a, b) => (a.id < b.id ? -1 : 1));
    const rest = after === undefined ? users : users.filter(u => u.id > after!);
    const page = rest.slice(0, limit);
    const link = (extra: Record<string, string>) =>
      `${okta.orgUrl}/api/v1/users?${new URLSearchParams({
        ...(search === undefined ? {} : { search }),
        limit: String(limit),
        ...extra,
      })}`;
    const links = [
      `<${link(after === undefined ? {} : { after })}>; rel="self"`,
    ];
    if (rest.length > page.length) {
      links.push(`<${link({ after: page[page.length - 1].id })}>; rel="next"`);
    }
    res.setHeader('Link', links);
    res.json(page.map(json));
  });

  router.get('/api/v1/users/:id', (req, res) => {
    const user = okta.user(req.params.id);
    if (!user) {
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.id} (User)`,
      );
      return;
    }
    res.json(json(user));
  });

  router.all(['/api/v1/users', '/api/v1/users/:id'], (_req, res) =>
    oktaError(
      res,
      405,
      'E0000022',
      'The endpoint does not support the provided HTTP method',
      ["the devstack's Okta answers GET only; hire through /_devstack/idp"],
    ),
  );

  router.use((req, res) =>
    oktaError(
      res,
      404,
      'E0000007',
      `Not found: Resource not found: ${req.path}`,
    ),
  );

  return router;
}

/** The admin's view of a change, for the JSON routes and the web view. */
export function changeJson(okta: OktaState, change: OktaChange) {
  return {
    ...notToldJson(change.problem),
    user: oktaUserJson(change.user, okta.orgUrl),
    slackUserId: change.user.slackUserId,
    deliveries: change.deliveries,
  };
}

/** Hiring and letting go over HTTP, for the bench and tests. */
export function createIdpAdminRouter(okta: OktaState): express.Router {
  const router = express.Router();

  const answer = changeAnswerer((c: OktaChange) => changeJson(okta, c));

  router.get('/_devstack/idp/users', (_req, res) => {
    res.json(
      okta.users().map(u => ({
        ...oktaUserJson(u, okta.orgUrl),
        slackUserId: u.slackUserId,
      })),
    );
  });

  router.get('/_devstack/idp/deliveries', (_req, res) => {
    res.json(okta.deliveries());
  });

  router.post('/_devstack/idp/users', express.json(), (req, res, next) => {
    answer(req, res, 201, () => okta.hire(req.body as HireInput)).catch(next);
  });

  router.post('/_devstack/idp/users/:id/deactivate', (req, res, next) => {
    answer(req, res, 200, () => okta.letGo(req.params.id)).catch(next);
  });

  router.use(notJsonBody('/_devstack/idp/'));

  return router;
}
