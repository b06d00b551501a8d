/**
 * The forge: a GitHub-compatible server. REST under /api/v3 routed and validated by GitHub's own
 * OpenAPI description, GraphQL under /api/graphql against GitHub's published schema, git over
 * smart HTTP, signed archive downloads and raw files — all on the devstack's one origin.
 */
import express, { Request, Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import OpenAPIBackend, { Context } from 'openapi-backend';
import { FaultController } from '../faults';
import { Org } from '../seed/loadOrg';
import { conform, responseSchema } from './conform';
import { BareRepo } from './git';
import { gitHttpHandler } from './gitHttp';
import { graphqlHandler } from './graphql';
import { recordPushRuns, seedPastRuns, jobLog } from './actions';
import { createAtlantisRouter } from './atlantis';
import { seedDemoRepos } from './demoRepos';
import { ForgeContext, GitHubError, Handler, Reply } from './handlers/types';
import { actionsHandlers, signJobLog } from './handlers/actions';
import { gitDataHandlers, signArchive } from './handlers/gitdata';
import { pullHandlers } from './handlers/pulls';
import { followingRenames, repoHandlers } from './handlers/repos';
import { userHandlers } from './handlers/users';
import {
  DEFAULT_GITHUB_OAUTH_CLIENT_ID,
  DEFAULT_GITHUB_OAUTH_CLIENT_SECRET,
  OAuthApp,
  createOAuthRouter,
} from './oauth';
import { ATLANTIS_LOGIN, ensureAtlantisUser, seedForge } from './seed';
import { ajvOptions, prunedSpec } from './spec';
import { ForgeState, RepoRecord, UserRecord, fullName } from './state';
import { ForgeUrls } from './urls';
import { WebhookDispatcher } from './webhooks';

export interface ForgeOptions {
  baseUrl: string;
  dataDir: string;
  org: Org;
  /** token → login. The first is the Runway bot's. */
  tokens: Record<string, string>;
  faults: FaultController;
  /** Directory to import as the org's platform-config repository at first start. */
  platformConfigDir?: string;
  /** Check every JSON answer and webhook payload against the description and keep what does not match (tests). */
  validateResponses?: boolean;
  /**
   * The OAuth app Backstage's GitHub sign-in uses (`/login/oauth/*`); default client id
   * `devstack-github-client`, secret `devstack-github-secret`.
   */
  oauthApp?: OAuthApp;
}

export interface Forge {
  router: express.Router;
  state: ForgeState;
  urls: ForgeUrls;
  webhooks: WebhookDispatcher;
  git(owner: string, repo: string): BareRepo;
  /** Answers and webhook payloads that did not match GitHub's description (only with validateResponses). */
  responseViolations: {
    operationId: string;
    status: number;
    errors: unknown;
  }[];
}

const HANDLERS: Record<string, Handler> = {
  ...userHandlers,
  ...repoHandlers,
  // A renamed repository redirects, and an archived one is read-only, on every endpoint.
  ...followingRenames({
    ...gitDataHandlers,
    ...pullHandlers,
    ...actionsHandlers,
  }),
};
const DOCS = 'https://docs.github.com/rest';

export async function createForge(options: ForgeOptions): Promise<Forge> {
  const urls = new ForgeUrls(options.baseUrl);
  const reposDir = path.join(options.dataDir, 'repos');
  const gitOf = (owner: string, name: string) =>
    new BareRepo(
      path.join(reposDir, owner.toLowerCase(), `${name.toLowerCase()}.git`),
    );
  const state = ForgeState.load(options.dataDir, () =>
    seedForge(options.org, Object.values(options.tokens)),
  );
  ensureAtlantisUser(state.data);
  const responseViolations: Forge['responseViolations'] = [];
  const webhooks = new WebhookDispatcher(
    state,
    urls,
    options.validateResponses ? responseViolations : undefined,
  );

  const definition = prunedSpec(new Set(Object.keys(HANDLERS)));
  const api = new OpenAPIBackend({
    definition,
    apiRoot: '/',
    validate: true,
    quick: true,
    coerceTypes: true,
    ...ajvOptions,
  });
  const available = new Set<string>();
  for (const route of Object.values<any>(definition.paths))
    for (const op of Object.values<any>(route)) available.add(op.operationId);

  const baseContext = (viewer: UserRecord): ForgeContext => ({
    state,
    urls,
    viewer,
    webhooks,
    git: (repo: RepoRecord) => gitOf(repo.owner, repo.name),
    createRepo: (repo: RepoRecord) =>
      BareRepo.init(gitOf(repo.owner, repo.name).dir, repo.default_branch),
  });

  const actionsContext = {
    state,
    urls,
    webhooks,
    git: (repo: RepoRecord) => gitOf(repo.owner, repo.name),
  };
  webhooks.onPush((repo, ref, _before, after, pusher) =>
    recordPushRuns(actionsContext, repo, ref, after, pusher),
  );

  const send = (res: Response, c: Context | undefined, reply: Reply) => {
    for (const [k, v] of Object.entries(reply.headers ?? {}))
      res.setHeader(k, v);
    if (reply.stream) {
      res.status(reply.status);
      reply.stream.pipe(res);
      return;
    }
    if (reply.body === undefined) {
      res.status(reply.status).end();
      return;
    }
    let body = reply.body;
    const operation = c?.operation as any;
    const schema =
      operation && responseSchema(definition, operation, reply.status);
    if (schema) body = conform(definition, schema, body);
    if (options.validateResponses && operation && reply.status < 300) {
      try {
        const result = api.validateResponse(body, operation, reply.status);
        if (result.errors?.length)
          responseViolations.push({
            operationId: operation.operationId,
            status: reply.status,
            errors: result.errors,
          });
      } catch (e) {
        responseViolations.push({
          operationId: operation.operationId,
          status: reply.status,
          errors: `schema did not compile: ${(e as Error).message}`,
        });
      }
    }
    res.status(reply.status).json(body);
  };

  const error = (
    res: Response,
    _c: Context | undefined,
    status: number,
    message: string,
    errors?: unknown[],
  ) =>
    send(res, undefined, {
      status,
      body: {
        message,
        ...(errors ? { errors } : {}),
        documentation_url: DOCS,
        status: String(status),
      },
    });

  for (const operationId of Object.keys(HANDLERS)) {
    if (!available.has(operationId))
      throw new Error(`forge handler for unknown operationId ${operationId}`);
  }
  api.register(
    Object.fromEntries(
      Object.entries(HANDLERS).map(([operationId, handler]) => [
        operationId,
        async (c: Context, req: Request, res: Response) => {
          try {
            send(res, c, await handler(c, baseContext((req as any).viewer)));
          } catch (e) {
            if (e instanceof GitHubError)
              error(res, c, e.status, e.message, e.errors);
            else error(res, c, 500, `devstack: ${(e as Error).message}`);
          }
        },
      ]),
    ),
  );
  api.register({
    notImplemented: (c: Context, _req: Request, res: Response) =>
      error(
        res,
        c,
        501,
        `The devstack does not implement ${
          c.operation?.operationId
        } (${c.request.method.toUpperCase()} ${c.request.path}).`,
      ),
    notFound: (c: Context, _req: Request, res: Response) =>
      error(res, c, 404, 'Not Found'),
    methodNotAllowed: (c: Context, _req: Request, res: Response) =>
      error(res, c, 404, 'Not Found'),
    validationFail: (c: Context, _req: Request, res: Response) => {
      const errors = (c.validation.errors ?? []).map((e: any) => ({
        resource: c.operation?.operationId?.split('/')[0] ?? 'Request',
        field:
          e.params?.missingProperty ??
          e.instancePath?.replace(/^\/(requestBody\/)?/, '') ??
          '',
        code: e.keyword === 'required' ? 'missing_field' : 'invalid',
        message: e.message,
      }));
      error(res, c, 422, 'Validation Failed', errors);
    },
  });
  await api.init();

  const router = express.Router();

  // REST: authenticate, inject faults, route and validate by the description.
  // Browser plugins (GitHub Actions) call the API from Backstage's origin; GitHub allows any.
  router.use('/api/v3', cors);
  router.use(
    '/api/v3',
    express.json({ limit: '50mb', type: () => true }),
    async (req, res) => {
      const viewer = authenticate(req, options.tokens, state);
      if (viewer === 'missing')
        return error(res, undefined, 401, 'Requires authentication');
      if (viewer === 'bad')
        return error(res, undefined, 401, 'Bad credentials');
      (req as any).viewer = viewer;
      const method = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
      const request = {
        method,
        path: encodeContentsPath(req.path),
        query: req.query as any,
        body: req.body,
        headers: req.headers as any,
      };
      const operation = api.router.matchOperation(request);
      if (operation) {
        const fault = options.faults.take(operation.operationId!);
        if (fault?.delayMs)
          await new Promise(r => setTimeout(r, fault.delayMs));
        if (fault?.status) {
          if (fault.retryAfterSeconds)
            res.setHeader('retry-after', String(fault.retryAfterSeconds));
          return error(
            res,
            undefined,
            fault.status,
            fault.status === 429
              ? 'API rate limit exceeded'
              : 'Server Error (devstack fault injection)',
          );
        }
      }
      res.setHeader(
        'x-github-request-id',
        `DEVSTACK:${Date.now().toString(16)}`,
      );
      res.setHeader('x-ratelimit-limit', '5000');
      res.setHeader('x-ratelimit-remaining', '4999');
      return api.handleRequest(request, req, res);
    },
  );
  router.use(
    createOAuthRouter({
      state,
      app: options.oauthApp ?? {
        clientId: DEFAULT_GITHUB_OAUTH_CLIENT_ID,
        clientSecret: DEFAULT_GITHUB_OAUTH_CLIENT_SECRET,
      },
    }),
  );
  router.use(createAtlantisRouter(login => baseContext(state.user(login)!)));
  router.use(
    (err: any, _req: Request, res: Response, next: express.NextFunction) => {
      if (err?.type === 'entity.parse.failed')
        return error(res, undefined, 400, 'Problems parsing JSON');
      return next(err);
    },
  );

  router.post('/api/graphql', express.json(), (req, res) => {
    const viewer = authenticate(req, options.tokens, state);
    if (typeof viewer === 'string')
      return error(
        res,
        undefined,
        401,
        'This endpoint requires you to be authenticated.',
      );
    return graphqlHandler(req, res, { state, urls, git: gitOf });
  });

  // Archives: where the signed redirect of repos/download-*-archive leads.
  router.get('/_codeload/:owner/:repo/:format/:sha', async (req, res) => {
    const repo = state.repo(req.params.owner, req.params.repo);
    const format = req.params.format as 'tar.gz' | 'zip';
    const expires = Number(req.query.expires);
    if (
      !repo ||
      !['tar.gz', 'zip'].includes(format) ||
      Date.now() > expires ||
      req.query.token !== signArchive(repo, req.params.sha, format, expires)
    ) {
      return res.status(404).end();
    }
    res.setHeader(
      'content-type',
      format === 'zip' ? 'application/zip' : 'application/x-gzip',
    );
    res.setHeader(
      'content-disposition',
      `attachment; filename=${repo.owner}-${repo.name}-${req.params.sha.slice(
        0,
        7,
      )}.${format}`,
    );
    return gitOf(repo.owner, repo.name)
      .archive(
        format,
        req.params.sha,
        `${repo.owner}-${repo.name}-${req.params.sha.slice(0, 7)}`,
      )
      .stdout.pipe(res);
  });

  // Job logs: where the signed redirect of actions/download-job-logs-for-workflow-run leads.
  router.use('/_actions/logs', cors);
  router.get('/_actions/logs/:owner/:repo/jobs/:job', (req, res) => {
    const repo = state.repo(req.params.owner, req.params.repo);
    const jobId = Number(req.params.job);
    const expires = Number(req.query.expires);
    const run = state.data.workflowRuns.find(
      r =>
        repo && r.repo === fullName(repo) && r.jobs.some(j => j.id === jobId),
    );
    if (
      !repo ||
      !run ||
      Date.now() > expires ||
      req.query.token !== signJobLog(repo, jobId, expires)
    )
      return res.status(404).end();
    return res
      .type('text/plain')
      .send(jobLog(run, run.jobs.find(j => j.id === jobId)!));
  });

  // Git over smart HTTP: anonymous reads of public repos, token (basic auth) for the rest.
  router.use(
    /^\/([^/]+)\/([^/]+)\.git(\/.*)?$/,
    gitHttpHandler({ reposDir, state, tokens: options.tokens, webhooks }),
  );

  const forge: Forge = {
    router,
    state,
    urls,
    webhooks,
    git: gitOf,
    responseViolations,
  };
  await forgetHalfSeededRepo(forge, options.org.name, 'platform-config');
  if (
    options.platformConfigDir &&
    !state.repo(options.org.name, 'platform-config')
  ) {
    await importRepository(
      forge,
      baseContext(state.user(options.tokens[Object.keys(options.tokens)[0]])!),
      options.platformConfigDir,
      'platform-config',
    );
  }
  const platformConfig = state.repo(options.org.name, 'platform-config');
  if (platformConfig && !platformConfig.collaborators[ATLANTIS_LOGIN]) {
    // Atlantis comments, sets statuses and merges on the repository it serves.
    platformConfig.collaborators[ATLANTIS_LOGIN] = 'push';
    state.save();
  }
  seedDemoRepos(
    {
      ...actionsContext,
      repoDir: repo => gitOf(repo.owner, repo.name).dir,
    },
    options.org.components ?? [],
  );
  // Once: a repository made later has only the runs its pushes record.
  if (!state.data.runsSeeded) {
    for (const repo of state.data.repos)
      await seedPastRuns(actionsContext, repo);
    state.data.runsSeeded = true;
    state.save();
  }
  return forge;
}

/**
 * A first start interrupted while seeding can leave a repository recorded with no commit on its
 * default branch; it is forgotten, so this start seeds it again instead of serving it empty.
 */
async function forgetHalfSeededRepo(forge: Forge, owner: string, name: string) {
  const repo = forge.state.repo(owner, name);
  if (!repo) return;
  const git = forge.git(repo.owner, repo.name);
  const head = await git
    .resolve(`refs/heads/${repo.default_branch}`)
    .catch(() => undefined);
  if (head) return;
  forge.state.data.repos = forge.state.data.repos.filter(r => r !== repo);
  forge.state.save();
  fs.rmSync(git.dir, { recursive: true, force: true });
}

/** GitHub's CORS answer: any origin, a token in Authorization, its headers readable. */
function cors(req: Request, res: Response, next: express.NextFunction) {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader(
    'access-control-expose-headers',
    'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
  );
  if (req.method !== 'OPTIONS') return next();
  res.setHeader(
    'access-control-allow-headers',
    'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, GraphQL-Features, X-GitHub-Api-Version',
  );
  res.setHeader(
    'access-control-allow-methods',
    'GET, POST, PATCH, PUT, DELETE',
  );
  res.setHeader('access-control-max-age', '86400');
  return res.status(204).end();
}

type Authenticated = UserRecord | 'missing' | 'bad';

/** `Authorization: token X`, `Bearer X` or basic auth with the token as password, as GitHub accepts. */
export function authenticate(
  req: Request,
  tokens: Record<string, string>,
  state: ForgeState,
): Authenticated {
  const header = req.headers.authorization;
  if (!header) return 'missing';
  let token: string | undefined;
  const [scheme, value] = header.split(' ');
  if (/^(token|bearer)$/i.test(scheme)) token = value;
  if (/^basic$/i.test(scheme))
    token = Buffer.from(value ?? '', 'base64')
      .toString()
      .split(':')
      .slice(1)
      .join(':');
  const login = token
    ? tokens[token] ?? state.data.oauthTokens[token]
    : undefined;
  const user = login ? state.user(login) : undefined;
  return user ?? 'bad';
}

/** Creates a repository in the org from a directory's files (the platform-config seed). */
async function importRepository(
  forge: Forge,
  fx: ForgeContext,
  dir: string,
  name: string,
) {
  const created = await repoHandlers['repos/create-in-org'](
    {
      request: {
        params: { org: forge.state.data.org.login },
        requestBody: {
          name,
          description:
            'Terraform modules, services and environments, delivered by Atlantis and Argo CD',
          visibility: 'internal',
        },
        query: {},
      },
    } as any,
    fx,
  );
  const repo = forge.state.repo(
    forge.state.data.org.login,
    (created.body as any).name,
  )!;
  const git = forge.git(repo.owner, repo.name);
  const entries = [];
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) continue;
    entries.push({
      path: file,
      mode: '100644',
      sha: await git.writeBlob(fs.readFileSync(full)),
    });
  }
  const tree = await git.buildTree(undefined, entries);
  const sha = await git.commitTree(
    tree,
    [],
    'Seed platform-config from Runway examples',
    { name: fx.viewer.name, email: fx.viewer.email },
  );
  await git.updateRef(`refs/heads/${repo.default_branch}`, sha);
  repo.teams.platform = 'admin';
  forge.state.save();
  return fullName(repo);
}

/**
 * GitHub takes a contents path with its slashes encoded (as Octokit sends it) or as plain path
 * segments (as curl and browsers do); the description's `{path}` matches one segment, so the
 * plain form is encoded before routing.
 */
function encodeContentsPath(requestPath: string): string {
  const match = /^(\/repos\/[^/]+\/[^/]+\/contents\/)(.+)$/.exec(requestPath);
  return match ? match[1] + match[2].replace(/\//g, '%2F') : requestPath;
}
