import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from './devstack';

jest.setTimeout(60_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

const faults = (method: string, body?: unknown) =>
  fetch(`${devstack.urls.base}/_devstack/faults`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const repoGet = () =>
  new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  }).rest.repos.get({ owner: 'acme', repo: 'platform-config' });

describe('the fault controller over HTTP', () => {
  it('injects a fault from outside the process, and clears it', async () => {
    const posted = await faults('POST', { target: 'repos/get', status: 503 });
    expect(posted.status).toBe(201);
    await expect(repoGet()).rejects.toMatchObject({ status: 503 });
    await expect(repoGet()).resolves.toMatchObject({ status: 200 });

    await faults('POST', { target: 'repos/get', status: 502, times: 5 });
    expect((await faults('DELETE')).status).toBe(204);
    await expect(repoGet()).resolves.toMatchObject({ status: 200 });
  });

  it.each([
    [{ status: 502 }, /^target must be/],
    [{ target: 'repos/get', status: 404 }, /^status must be one of 429/],
    [{ target: 'repos/get', times: 0 }, /^times must be a whole number/],
    [{ target: 'repos/get', delayMs: -1 }, /^delayMs must be/],
    [{ target: 'repos/get', oops: 1 }, /^unknown field oops/],
  ])(
    'refuses %j naming the field, and injects nothing',
    async (spec, message) => {
      const response = await faults('POST', spec);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(message);
      await expect(repoGet()).resolves.toMatchObject({ status: 200 });
    },
  );
});
