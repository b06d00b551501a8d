/**
 * The forge through the clients production uses: @octokit/rest with its retry plugin, the real
 * git CLI. Every answer is checked against GitHub's OpenAPI description.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { Devstack, startDevstack } from '../devstack';

jest.setTimeout(60_000);

let devstack: Devstack;
let octokit: Octokit;
// Octokit logs every failed request; these tests provoke failures on purpose.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, validateResponses: true });
  octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: quiet,
  });
});

afterAll(() => devstack.stop());

afterEach(() => {
  // Every answer of every test matched GitHub's description.
  const violations = devstack.forge.responseViolations.splice(0);
  if (violations.length)
    throw new Error(
      `answers off the description: ${JSON.stringify(violations)}`,
    );
  devstack.faults.clear();
});

// Asynchronous: the forge answers from this same process, so a blocking git would deadlock.
const git = async (args: string[], cwd?: string) =>
  (
    await promisify(execFile)('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    })
  ).stdout;

/** A new org repo with one commit on main and a branch with one more: three pushes. */
async function repoWithBranch(client: Octokit, repo: string, branch: string) {
  await client.rest.repos.createInOrg({ org: 'acme', name: repo });
  const first = await client.rest.repos.createOrUpdateFileContents({
    owner: 'acme',
    repo,
    path: 'README.md',
    message: 'init',
    content: Buffer.from('hi\n').toString('base64'),
  });
  await client.rest.git.createRef({
    owner: 'acme',
    repo,
    ref: `refs/heads/${branch}`,
    sha: first.data.commit.sha!,
  });
  await client.rest.repos.createOrUpdateFileContents({
    owner: 'acme',
    repo,
    path: `${branch}.txt`,
    message: branch,
    branch,
    content: Buffer.from(`${branch}\n`).toString('base64'),
  });
}

describe('authentication and validation', () => {
  it('answers 401 without a token, and with a wrong one', async () => {
    await expect(
      new Octokit({
        baseUrl: devstack.urls.githubApi,
        log: quiet,
      }).rest.users.getAuthenticated(),
    ).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Requires authentication' } },
    });
    await expect(
      new Octokit({
        auth: 'nope',
        baseUrl: devstack.urls.githubApi,
        log: quiet,
      }).rest.users.getAuthenticated(),
    ).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    });
  });

  it("answers a bad request body with the description's 422, naming the field", async () => {
    const error = await octokit
      .request('POST /orgs/{org}/repos', { org: 'acme', name: 42 as any })
      .catch(e => e);
    expect(error.status).toBe(422);
    expect(error.response.data.message).toBe('Validation Failed');
    expect(error.response.data.errors).toEqual([
      expect.objectContaining({ field: 'name', code: 'invalid' }),
    ]);
    const missing = await octokit
      .request('POST /repos/{owner}/{repo}/pulls', {
        owner: 'acme',
        repo: 'platform-config',
      } as any)
      .catch(e => e);
    expect(missing.status).toBe(422);
    expect(missing.response.data.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'head', code: 'missing_field' }),
      ]),
    );
  });

  it('answers an operation it does not implement with 501 naming its operationId', async () => {
    const error = await octokit.rest.gists.list().catch(e => e);
    expect(error.status).toBe(501);
    expect(error.response.data.message).toContain('gists/list');
  });

  it('answers an unknown path with 404', async () => {
    const error = await octokit.request('GET /no/such/thing').catch(e => e);
    expect(error.status).toBe(404);
  });
});

describe('seeded from examples/', () => {
  it('has the org, its teams and people, and the platform-config repository', async () => {
    const org = await octokit.rest.orgs.get({ org: 'acme' });
    expect(org.data.login).toBe('acme');
    const teams = await octokit.rest.teams.list({ org: 'acme' });
    expect(teams.data.map(t => t.slug)).toEqual(
      expect.arrayContaining(['platform', 'payments', 'storefront', 'data']),
    );
    const members = await octokit.rest.teams.listMembersInOrg({
      org: 'acme',
      team_slug: 'platform',
    });
    expect(members.data.length).toBeGreaterThan(0);
    const readme = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'platform-config',
      path: 'atlantis.yaml',
    });
    expect(
      Buffer.from((readme.data as any).content, 'base64').toString(),
    ).toContain('version: 3');
  });

  it('finds a nested path whether its slashes are encoded or not', async () => {
    const headers = { Authorization: `token ${devstack.githubToken}` };
    const listing = (contentsPath: string) =>
      fetch(
        `${devstack.urls.githubApi}/repos/acme/platform-config/contents/${contentsPath}`,
        { headers },
      );
    const plain = await listing('environments/README.md');
    const encoded = await listing(encodeURIComponent('environments/README.md'));
    expect(plain.status).toBe(200);
    expect(encoded.status).toBe(200);
    expect((await plain.json()).path).toBe('environments/README.md');
    expect((await encoded.json()).path).toBe('environments/README.md');
    expect((await listing('environments/missing')).status).toBe(404);
  });

  it("answers the file itself for the raw media type, as Backstage's URL reader asks", async () => {
    const raw = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'platform-config',
      path: 'atlantis.yaml',
      mediaType: { format: 'raw' },
    });
    expect(String(raw.data)).toMatch(/^# Atlantis repo config/);
    expect(raw.headers['content-type']).toBe(
      'application/vnd.github.raw; charset=utf-8',
    );
  });
});

describe('repositories, git data and pull requests on real git', () => {
  it('creates a repo that git clones and pushes to, and a PR whose files are the commits', async () => {
    const created = await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'forge-test',
      description: 'made by a test',
    });
    expect(created.status).toBe(201);
    expect(created.data.clone_url).toBe(
      `${devstack.urls.base}/acme/forge-test.git`,
    );

    // Push a first commit with the real git CLI, authenticated by the token.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-work-'));
    const remote = created.data.clone_url.replace(
      'http://',
      `http://x-access-token:${devstack.githubToken}@`,
    );
    await git(['init', '-q', '-b', 'main', work]);
    fs.writeFileSync(path.join(work, 'README.md'), '# forge test\n');
    await git(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@acme.example',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'init',
      ],
      work,
    );
    await git(['add', '.'], work);
    await git(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@acme.example',
        'commit',
        '-q',
        '-m',
        'readme',
      ],
      work,
    );
    await git(['push', '-q', remote, 'main'], work);

    // The git data API builds a branch on top of it.
    const base = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'forge-test',
      sha: 'main',
      per_page: 1,
    });
    const tree = await octokit.rest.git.createTree({
      owner: 'acme',
      repo: 'forge-test',
      base_tree: base.data[0].commit.tree.sha,
      tree: [
        {
          path: 'services/api/main.tf',
          mode: '100644',
          type: 'blob',
          content: 'module "service" {}\n',
        },
      ],
    });
    const commit = await octokit.rest.git.createCommit({
      owner: 'acme',
      repo: 'forge-test',
      message: 'add service',
      tree: tree.data.sha,
      parents: [base.data[0].sha],
    });
    await octokit.rest.git.createRef({
      owner: 'acme',
      repo: 'forge-test',
      ref: 'refs/heads/add-service',
      sha: commit.data.sha,
    });
    const pr = await octokit.rest.pulls.create({
      owner: 'acme',
      repo: 'forge-test',
      head: 'add-service',
      base: 'main',
      title: 'Add service',
    });
    expect(pr.data.number).toBe(1);
    const files = await octokit.rest.pulls.listFiles({
      owner: 'acme',
      repo: 'forge-test',
      pull_number: 1,
    });
    expect(files.data.map(f => [f.filename, f.status])).toEqual([
      ['services/api/main.tf', 'added'],
    ]);

    // A second PR for the same branch is refused, as on GitHub.
    const again = await octokit.rest.pulls
      .create({
        owner: 'acme',
        repo: 'forge-test',
        head: 'add-service',
        base: 'main',
        title: 'again',
      })
      .catch(e => e);
    expect(again.status).toBe(422);

    // Merging moves main, and a fresh clone sees the file.
    const merged = await octokit.rest.pulls.merge({
      owner: 'acme',
      repo: 'forge-test',
      pull_number: 1,
    });
    expect(merged.data.merged).toBe(true);
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-clone-'));
    await git(['clone', '-q', remote, clone]);
    expect(
      fs.readFileSync(path.join(clone, 'services/api/main.tf'), 'utf8'),
    ).toBe('module "service" {}\n');
  });

  it('serves a tarball of a repository through a signed redirect', async () => {
    const res = await octokit.rest.repos.downloadTarballArchive({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'main',
    });
    expect(res.status).toBe(200);
    const tar = Buffer.from(res.data as ArrayBuffer);
    expect(tar.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const unsigned = await fetch(
      `${devstack.urls.base}/_codeload/acme/platform-config/tar.gz/${'0'.repeat(
        40,
      )}?expires=${Date.now() + 1000}&token=forged`,
    );
    expect(unsigned.status).toBe(404);
  });
});

describe('fault injection', () => {
  it('lets Octokit with the retry plugin succeed after two 502s, creating exactly one PR', async () => {
    const RetryingOctokit = Octokit.plugin(retry as any) as typeof Octokit; // @octokit/rest nests its own @octokit/core types;
    const client = new RetryingOctokit({
      auth: devstack.githubToken,
      baseUrl: devstack.urls.githubApi,
      retry: { retryAfterBaseValue: 10 },
      log: quiet,
    });
    const repo = 'retry-test';
    await repoWithBranch(client, repo, 'feature');

    devstack.injectFault({ target: 'pulls/create', status: 502, times: 2 });
    const pr = await client.rest.pulls.create({
      owner: 'acme',
      repo,
      head: 'feature',
      base: 'main',
      title: 'Feature',
    });
    expect(pr.status).toBe(201);
    const all = await client.rest.pulls.list({
      owner: 'acme',
      repo,
      state: 'all',
    });
    expect(all.data).toHaveLength(1);
  });

  it('answers 429 with Retry-After when asked to', async () => {
    devstack.injectFault({
      target: 'users/get-authenticated',
      status: 429,
      retryAfterSeconds: 7,
    });
    const error = await octokit.rest.users.getAuthenticated().catch(e => e);
    expect(error.status).toBe(429);
    expect(error.response.headers['retry-after']).toBe('7');
  });
});

describe('webhooks', () => {
  it('delivers signed push and pull_request events to an org hook', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>(resolve =>
      receiver.listen(0, '127.0.0.1', resolve),
    );
    const url = `http://127.0.0.1:${
      (receiver.address() as AddressInfo).port
    }/hooks`;
    try {
      await octokit.rest.orgs.createWebhook({
        org: 'acme',
        name: 'web',
        events: ['push', 'pull_request'],
        config: { url, content_type: 'json', secret: 's3cret' },
      });
      const repo = 'hooked';
      await repoWithBranch(octokit, repo, 'b');
      await octokit.rest.pulls.create({
        owner: 'acme',
        repo,
        head: 'b',
        base: 'main',
        title: 'B',
      });
      await devstack.forge.webhooks.idle();

      const events = received.map(r => [
        r.headers['x-github-event'],
        JSON.parse(r.body).action ?? JSON.parse(r.body).ref,
      ]);
      expect(events).toEqual([
        ['push', 'refs/heads/main'],
        ['push', 'refs/heads/b'],
        ['push', 'refs/heads/b'],
        ['pull_request', 'opened'],
      ]);
      for (const r of received) {
        const expected = `sha256=${crypto
          .createHmac('sha256', 's3cret')
          .update(r.body)
          .digest('hex')}`;
        expect(r.headers['x-hub-signature-256']).toBe(expected);
        expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      }
      const pr = JSON.parse(received[3].body);
      expect(pr.pull_request.head.ref).toBe('b');
      expect(pr.repository.full_name).toBe('acme/hooked');
    } finally {
      receiver.close();
    }
  });
});
