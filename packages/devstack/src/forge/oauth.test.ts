/**
 * GitHub's OAuth web flow on the devstack, at the URLs Backstage's GitHub auth provider derives
 * from `enterpriseInstanceUrl`: authorize redirects back with a code, the code buys a token, and
 * the token works on the REST API as the person who signed in.
 */
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';
import { expectNoViolations, quiet } from './__testUtils__/webhookReceiver';
import {
  DEFAULT_GITHUB_OAUTH_CLIENT_ID as CLIENT_ID,
  DEFAULT_GITHUB_OAUTH_CLIENT_SECRET as CLIENT_SECRET,
} from './oauth';

jest.setTimeout(60_000);

let devstack: Devstack;
const callback = 'http://localhost:7007/api/auth/github/handler/frame';

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
});

afterAll(() => devstack.stop());

afterEach(() => expectNoViolations(devstack));

async function authorize(params: Record<string, string>) {
  const url = new URL(`${devstack.urls.base}/login/oauth/authorize`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

async function codeFor(params: Record<string, string> = {}) {
  const res = await authorize({
    client_id: CLIENT_ID,
    redirect_uri: callback,
    state: 'xyz',
    scope: 'read:user repo',
    ...params,
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(callback);
  expect(location.searchParams.get('state')).toBe('xyz');
  return location.searchParams.get('code')!;
}

/** As passport-github2 (node-oauth) sends it: a form, no Accept header. */
const exchange = (fields: Record<string, string>, accept?: string) =>
  fetch(`${devstack.urls.base}/login/oauth/access_token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(accept ? { accept } : {}),
    },
    body: new URLSearchParams(fields),
  });

describe('the OAuth web flow', () => {
  it('gives a token for the person named by login that works on the REST API as them', async () => {
    const code = await codeFor({ login: 'priyaraman' });
    const res = await exchange(
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code,
        redirect_uri: callback,
        grant_type: 'authorization_code',
      },
      'application/json',
    );
    const token = await res.json();
    expect(token).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      token_type: 'bearer',
      scope: 'read:user,repo',
    });

    const client = new Octokit({
      auth: token.access_token,
      baseUrl: devstack.urls.githubApi,
      log: quiet,
    });
    const me = await client.rest.users.getAuthenticated();
    expect(me.data.login).toBe('priyaraman');
    const runs = await client.rest.actions.listWorkflowRunsForRepo({
      owner: 'acme',
      repo: 'platform-config',
    });
    expect(runs.data.total_count).toBeGreaterThan(0);

    // A code is good once.
    const again = await exchange(
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code },
      'application/json',
    );
    expect((await again.json()).error).toBe('bad_verification_code');
  });

  it("signs in as the org's first member without login, answering form-encoded by default", async () => {
    const code = await codeFor();
    const res = await exchange({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code,
    });
    const token = new URLSearchParams(await res.text());
    expect(token.get('token_type')).toBe('bearer');
    const me = await fetch(`${devstack.urls.githubApi}/user`, {
      headers: { authorization: `Bearer ${token.get('access_token')}` },
    });
    const first = devstack.forge.state.data.users.find(
      u => u.login !== 'runway-bot',
    )!;
    expect((await me.json()).login).toBe(first.login);
  });

  it('refuses an unknown app, a wrong secret, a missing redirect_uri and an unknown person', async () => {
    expect(
      (await authorize({ client_id: 'other', redirect_uri: callback })).status,
    ).toBe(404);
    expect((await authorize({ client_id: CLIENT_ID })).status).toBe(400);
    const nobody = await authorize({
      client_id: CLIENT_ID,
      redirect_uri: callback,
      login: 'nobody',
    });
    expect(nobody.status).toBe(404);
    expect(await nobody.text()).toContain('examples/org.yaml');

    const code = await codeFor();
    const wrong = await exchange(
      { client_id: CLIENT_ID, client_secret: 'wrong', code },
      'application/json',
    );
    expect((await wrong.json()).error).toBe('incorrect_client_credentials');
  });
});
