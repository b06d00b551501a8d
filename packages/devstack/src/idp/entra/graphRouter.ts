/**
 * Microsoft Entra ID and Microsoft Graph over HTTP, as Runway's GraphClient calls them:
 *
 * Under `/entra`, the Microsoft identity platform's token endpoint for an app's client
 * credentials (`POST /entra/{tenant}/oauth2/v2.0/token`, as at login.microsoftonline.com), with
 * its error shape (`{ error, error_description, error_codes, ... }`).
 *
 * Under `/graph`, the part of Graph v1.0 onboarding uses, with a bearer token from that endpoint
 * and Graph's error shape (`{ error: { code, message, innerError } }`):
 * - `GET /graph/v1.0/users/{id or userPrincipalName}` with `$select`, and `/users/{id}/manager`;
 * - `GET /graph/v1.0/users` and `/graph/v1.0/directory/deletedItems/microsoft.graph.user` with
 *   `$filter` (see ./graphFilter), `$select`, `$top`, `$count` (which needs the advanced-query
 *   header `ConsistencyLevel: eventual`, as in Graph) and paging by `@odata.nextLink`;
 * - `/graph/v1.0/subscriptions`: create (validating the URLs first), list, get, renew (PATCH),
 *   delete, and `POST /subscriptions/{id}/reauthorize`.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import type { User } from '@microsoft/microsoft-graph-types';
import { EntraState, EntraUser, entraId } from './EntraState';
import { parseGraphFilter } from './graphFilter';
import { GraphError, subscriptionJson } from './GraphSubscriptions';

/** The app registration Runway signs in as (runway.onboarding.graph). */
export interface EntraApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** The scope of an app's client-credentials token for Graph. */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** How long an access token lives, in seconds, as Entra issues them. */
const TOKEN_SECONDS = 3599;
/** Graph's page size limit for users. */
const MAX_TOP = 999;
const DEFAULT_TOP = 100;
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The access tokens issued, until they expire. */
export class GraphTokens {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  issue(): string {
    const now = this.now().getTime();
    for (const [token, expires] of this.tokens) {
      if (expires <= now) this.tokens.delete(token);
    }
    const token = `devstack-graph.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, now + TOKEN_SECONDS * 1000);
    return token;
  }

  valid(token: string): boolean {
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > this.now().getTime();
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The identity platform's token endpoint, mounted at `/entra`. */
export function createEntraTokenRouter(options: {
  app: EntraApp;
  tokens: GraphTokens;
}): express.Router {
  const { app, tokens } = options;
  const router = express.Router();

  const refuse = (
    res: Response,
    status: number,
    error: string,
    code: number,
    description: string,
  ) => {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    res.status(status).json({
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    });
  };

  router.post(
    '/:tenant/oauth2/v2.0/token',
    express.urlencoded({ extended: false, limit: '16kb' }),
    (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const field = (name: string) =>
        typeof body[name] === 'string' ? (body[name] as string) : '';
      if (req.params.tenant !== app.tenantId) {
        refuse(
          res,
          400,
          'invalid_request',
          90002,
          `Tenant '${req.params.tenant}' not found. The devstack's tenant is ${app.tenantId}.`,
        );
      } else if (field('grant_type') !== 'client_credentials') {
        refuse(
          res,
          400,
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${field(
            'grant_type',
          )}'; the devstack issues client_credentials only.`,
        );
      } else if (field('client_id') !== app.clientId) {
        refuse(
          res,
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${field(
            'client_id',
          )}' was not found in the directory '${app.tenantId}'.`,
        );
      } else if (!same(field('client_secret'), app.clientSecret)) {
        refuse(
          res,
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
      } else if (field('scope') !== GRAPH_DEFAULT_SCOPE) {
        refuse(
          res,
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope '${field(
            'scope',
          )}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (${GRAPH_DEFAULT_SCOPE}).`,
        );
      } else {
        res.json({
          token_type: 'Bearer',
          expires_in: TOKEN_SECONDS,
          ext_expires_in: TOKEN_SECONDS,
          access_token: tokens.issue(),
        });
      }
    },
  );

  return router;
}

/** Every property of a user the stand-in holds, as Graph names them. */
function userProperties(user: EntraUser): User {
  const extensions: Record<string, string | null> = {};
  for (let i = 1; i <= 15; i++) extensions[`extensionAttribute${i}`] = null;
  extensions.extensionAttribute1 = user.extensionAttribute1;
  extensions.extensionAttribute2 = user.extensionAttribute2;
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    createdDateTime: user.createdDateTime,
    deletedDateTime: user.deletedDateTime,
    department: user.department,
    employeeHireDate: user.employeeHireDate,
    onPremisesExtensionAttributes: extensions,
  };
}

/** What Graph v1.0 returns for a user without `$select`. */
const DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** The `$select` list, or the default; GraphError naming a property the stand-in does not hold. */
function selection(req: Request): string[] | undefined {
  const raw = req.query.$select;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw new GraphError(400, 'BadRequest', '$select is repeated.');
  }
  const held = Object.keys(
    userProperties({ extensionAttribute1: null } as EntraUser),
  );
  const names = raw
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const missing = names.find(n => !held.includes(n));
  if (missing) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Could not find a property named '${missing}' on type 'microsoft.graph.user' in the devstack's Graph, which holds ${held.join(
        ', ',
      )}.`,
    );
  }
  return names;
}

export function graphUserJson(
  user: EntraUser,
  select: string[] = DEFAULT_SELECT,
): User {
  const all = userProperties(user) as Record<string, unknown>;
  return Object.fromEntries(select.map(name => [name, all[name]])) as User;
}

function sendGraph(res: Response, status: number, body: unknown): void {
  res.status(status).type(ODATA_JSON).send(JSON.stringify(body));
}

/** Graph v1.0, mounted at `/graph`. */
export function createGraphRouter(options: {
  entra: EntraState;
  app: EntraApp;
  tokens: GraphTokens;
}): express.Router {
  const { entra, app, tokens } = options;
  const subscriptions = entra.subscriptions;
  const router = express.Router();
  const caller = {
    applicationId: app.clientId,
    creatorId: entraId(`service-principal:${app.clientId}`),
  };

  const origin = (req: Request) =>
    `${req.protocol}://${req.get('host')}${req.baseUrl}/v1.0`;
  const context = (req: Request, what: string) =>
    `${origin(req)}/$metadata#${what}`;

  router.use((req, res, next) => {
    const requestId = randomUUID();
    res.setHeader('request-id', requestId);
    res.setHeader(
      'client-request-id',
      req.header('client-request-id') ?? requestId,
    );
    const m = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
    if (!m) {
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token is empty.',
      );
    }
    if (!tokens.valid(m[1].trim())) {
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        "Access token validation failure: the devstack's Entra ID did not issue this token, or it has expired.",
      );
    }
    next();
  });

  const notFound = (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

  router.get('/v1.0/users/:id', (req, res) => {
    const select = selection(req);
    const user = entra.user(req.params.id);
    if (!user) throw notFound(req.params.id);
    sendGraph(res, 200, {
      '@odata.context': context(
        req,
        `users${select ? `(${select.join(',')})` : ''}/$entity`,
      ),
      ...graphUserJson(user, select),
    });
  });

  router.get('/v1.0/users/:id/manager', (req, res) => {
    const select = selection(req);
    const user = entra.user(req.params.id);
    if (!user) throw notFound(req.params.id);
    const manager = user.managerId && entra.user(user.managerId);
    if (!manager) throw notFound('manager');
    sendGraph(res, 200, {
      '@odata.context': context(req, 'directoryObjects/$entity'),
      '@odata.type': '#microsoft.graph.user',
      ...graphUserJson(manager, select),
    });
  });

  /** A page of users matching the query, with Graph's paging and count. */
  const list = (
    req: Request,
    res: Response,
    users: EntraUser[],
    what: string,
  ) => {
    for (const option of ['$orderby', '$search', '$expand', '$skip']) {
      if (req.query[option] !== undefined) {
        throw new GraphError(
          400,
          'Request_BadRequest',
          `The devstack's Graph does not support ${option} here; it supports $filter, $select, $top, $count and paging by @odata.nextLink.`,
        );
      }
    }
    const one = (name: string) => {
      const value = req.query[name];
      if (value !== undefined && typeof value !== 'string') {
        throw new GraphError(400, 'BadRequest', `${name} is repeated.`);
      }
      return value as string | undefined;
    };
    const count = one('$count');
    if (
      count === 'true' &&
      req.header('consistencylevel')?.toLowerCase() !== 'eventual'
    ) {
      throw new GraphError(
        400,
        'Request_BadRequest',
        '$count is not currently supported without the header ConsistencyLevel: eventual (an advanced query).',
      );
    }
    const topRaw = one('$top');
    const top = topRaw === undefined ? DEFAULT_TOP : Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${topRaw}'. Must be between 1 and ${MAX_TOP} inclusive.`,
      );
    }
    const filter = one('$filter');
    const select = selection(req);
    const matching = (
      filter === undefined ? users : users.filter(parseGraphFilter(filter))
    ).sort((a, b) => (a.id < b.id ? -1 : 1));
    const skipToken = one('$skiptoken');
    const after =
      skipToken === undefined
        ? undefined
        : Buffer.from(skipToken, 'base64url').toString('utf8');
    const rest =
      after === undefined ? matching : matching.filter(u => u.id > after);
    const page = rest.slice(0, top);
    const params = new URLSearchParams(
      Object.entries(req.query).filter(([k]) => k !== '$skiptoken') as Array<
        [string, string]
      >,
    );
    if (rest.length > page.length) {
      params.set(
        '$skiptoken',
        Buffer.from(page[page.length - 1].id).toString('base64url'),
      );
    }
    sendGraph(res, 200, {
      '@odata.context': context(
        req,
        `${what}${select ? `(${select.join(',')})` : ''}`,
      ),
      ...(count === 'true' ? { '@odata.count': matching.length } : {}),
      ...(rest.length > page.length
        ? {
            '@odata.nextLink': `${origin(req)}${req.path.replace(
              /^\/v1\.0/,
              '',
            )}?${params}`,
          }
        : {}),
      value: page.map(u => graphUserJson(u, select)),
    });
  };

  router.get('/v1.0/users', (req, res) => {
    list(
      req,
      res,
      entra.users().filter(u => !u.deletedDateTime),
      'users',
    );
  });

  router.get(
    '/v1.0/directory/deletedItems/microsoft.graph.user',
    (req, res) => {
      list(
        req,
        res,
        entra.users().filter(u => u.deletedDateTime),
        'directory/deletedItems/microsoft.graph.user',
      );
    },
  );

  router.post(
    '/v1.0/subscriptions',
    express.json({ limit: '64kb' }),
    async (req, res, next) => {
      try {
        const created = await subscriptions.create(req.body, caller);
        sendGraph(res, 201, {
          '@odata.context': context(req, 'subscriptions/$entity'),
          ...subscriptionJson(created),
        });
      } catch (error) {
        next(error);
      }
    },
  );

  router.get('/v1.0/subscriptions', (req, res) => {
    sendGraph(res, 200, {
      '@odata.context': context(req, 'subscriptions'),
      value: subscriptions.list().map(subscriptionJson),
    });
  });

  router.get('/v1.0/subscriptions/:id', (req, res) => {
    sendGraph(res, 200, {
      '@odata.context': context(req, 'subscriptions/$entity'),
      ...subscriptionJson(subscriptions.get(req.params.id)),
    });
  });

  router.patch(
    '/v1.0/subscriptions/:id',
    express.json({ limit: '64kb' }),
    (req, res) => {
      sendGraph(res, 200, {
        '@odata.context': context(req, 'subscriptions/$entity'),
        ...subscriptionJson(subscriptions.renew(req.params.id, req.body)),
      });
    },
  );

  router.delete('/v1.0/subscriptions/:id', (req, res) => {
    subscriptions.remove(req.params.id);
    res.status(204).end();
  });

  router.post('/v1.0/subscriptions/:id/reauthorize', (req, res) => {
    subscriptions.reauthorize(req.params.id);
    res.status(204).end();
  });

  router.use((req, _res, next) => {
    next(
      new GraphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${
          req.path.split('/').filter(Boolean).at(-1) ?? ''
        }' in the devstack's Graph (${req.method} ${req.path}).`,
      ),
    );
  });

  router.use(
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const e = error as GraphError & { type?: string };
      if (e?.type === 'entity.parse.failed') {
        sendGraphError(
          res,
          new GraphError(
            400,
            'BadRequest',
            `The body is not JSON: ${e.message}`,
          ),
        );
        return;
      }
      if (!(error instanceof GraphError)) {
        next(error);
        return;
      }
      sendGraphError(res, error);
    },
  );

  return router;
}

function sendGraphError(res: Response, error: GraphError): void {
  sendGraph(res, error.status, {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ''),
        'request-id': res.getHeader('request-id'),
        'client-request-id': res.getHeader('client-request-id'),
      },
    },
  });
}
