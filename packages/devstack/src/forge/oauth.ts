/**
 * GitHub's OAuth web flow, as GitHub Enterprise serves it at `/login/oauth/*`, so Backstage's
 * GitHub auth provider (`enterpriseInstanceUrl` pointed at the devstack) signs people in and the
 * GitHub Actions plugin gets a token. There is no consent page: the devstack approves at once as
 * the person named by `login`, or the org's first member.
 */
import crypto from 'node:crypto';
import express, { Request, Response } from 'express';
import { BOT_LOGIN } from './seed';
import { ForgeState } from './state';

export const DEFAULT_GITHUB_OAUTH_CLIENT_ID = 'devstack-github-client';
export const DEFAULT_GITHUB_OAUTH_CLIENT_SECRET = 'devstack-github-secret';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

interface Grant {
  login: string;
  scope: string;
  clientId: string;
  redirectUri: string;
  expires: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

export function createOAuthRouter(options: {
  state: ForgeState;
  app: OAuthApp;
}): express.Router {
  const { state, app } = options;
  const grants = new Map<string, Grant>();
  const router = express.Router();

  router.get('/login/oauth/authorize', (req: Request, res: Response) => {
    const clientId = String(req.query.client_id ?? '');
    const redirectUri = String(req.query.redirect_uri ?? '');
    if (clientId !== app.clientId)
      return res
        .status(404)
        .type('text')
        .send(
          `No OAuth app with client_id "${clientId}": the devstack's is "${app.clientId}" (auth.providers.github.<env>.clientId).\n`,
        );
    if (!/^https?:\/\//.test(redirectUri))
      return res
        .status(400)
        .type('text')
        .send(
          'redirect_uri is missing or not an http(s) URL: pass the callback URL of your app (Backstage sends it itself).\n',
        );
    const requested = req.query.login ? String(req.query.login) : undefined;
    const user = requested
      ? state.user(requested)
      : state.data.users.find(
          u => state.data.members[u.login] && u.login !== BOT_LOGIN,
        );
    if (!user)
      return res
        .status(404)
        .type('text')
        .send(
          `No devstack user "${requested}" to sign in as: use the login of a person in examples/org.yaml.\n`,
        );
    const code = crypto.randomBytes(10).toString('hex');
    grants.set(code, {
      login: user.login,
      scope: String(req.query.scope ?? '')
        .split(/[ ,]+/)
        .filter(Boolean)
        .join(','),
      clientId,
      redirectUri,
      expires: Date.now() + CODE_LIFETIME_MS,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (req.query.state !== undefined)
      target.searchParams.set('state', String(req.query.state));
    return res.redirect(302, target.toString());
  });

  router.post(
    '/login/oauth/access_token',
    express.urlencoded({ extended: false }),
    express.json(),
    (req: Request, res: Response) => {
      const input = { ...(req.query as any), ...(req.body ?? {}) };
      const answer = (fields: Record<string, string>) =>
        /json/.test(String(req.headers.accept ?? ''))
          ? res.json(fields)
          : res
              .type('application/x-www-form-urlencoded')
              .send(new URLSearchParams(fields).toString());
      if (
        input.client_id !== app.clientId ||
        input.client_secret !== app.clientSecret
      )
        return answer({
          error: 'incorrect_client_credentials',
          error_description:
            'The client_id and/or client_secret passed are incorrect.',
          error_uri: DOCS,
        });
      const grant = grants.get(String(input.code ?? ''));
      // A code works once, for the app it was given to, within its lifetime, as on GitHub.
      grants.delete(String(input.code ?? ''));
      if (
        !grant ||
        grant.expires < Date.now() ||
        grant.clientId !== input.client_id ||
        (input.redirect_uri && input.redirect_uri !== grant.redirectUri)
      )
        return answer({
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
          error_uri: DOCS,
        });
      const token = `gho_${crypto.randomBytes(18).toString('base64url')}`;
      state.data.oauthTokens[token] = grant.login;
      state.save();
      return answer({
        access_token: token,
        token_type: 'bearer',
        scope: grant.scope,
      });
    },
  );

  return router;
}
