/**
 * The web view as a person sees it, over data made through the real clients Runway uses:
 * @octokit/rest against the forge, @slack/web-api against the Slack stand-in, nodemailer against
 * the SMTP stand-in. Pages are fetched over HTTP from the running devstack.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { LogLevel, WebClient } from '@slack/web-api';
import { createTransport } from 'nodemailer';
import { Devstack, startDevstack } from '../devstack';

jest.setTimeout(60_000);

// Octokit logs every failed request; keep the output clean.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const OWNER = 'acme';
const REPO = 'web-view-demo';
const README = '# Web view demo\n\nHello <b>not bold</b> & friends.\n';
const INDEX_V1 = "export const greet = () => 'hello';\n";
const INDEX_V2 = 'export const greet = (name: string) => `hello ${name}`;\n';
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254, 0]);
const ATTACHMENT = crypto.randomBytes(4096);
const INVITATION = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:welcome@acme.example',
  'DTSTART;TZID=Europe/Berlin:20270104T100000',
  'DTEND;TZID=Europe/Berlin:20270104T110000',
  'SUMMARY:Welcome <script>\\, and your first day',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const CSV = 'team,cost\nplatform,42\n';

let devstack: Devstack;
let octokit: Octokit;
let base: string;
let pullNumber: number;
let pullHtmlUrl: string;
let headSha: string;
let mailId: string;
let hookUrl: string;
let receiver: http.Server;

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    redirect: 'manual',
    ...init,
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, status: res.status, body, text: body.toString('utf8') };
}

/** A request with the path exactly as written: fetch would normalise `..` away. */
function rawRequest(path: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: 'GET' },
      res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  base = devstack.urls.base;
  octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: quiet,
  });

  // Somewhere for the org's webhook deliveries to go.
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>(resolve =>
    receiver.listen(0, '127.0.0.1', () => resolve()),
  );
  hookUrl = `http://127.0.0.1:${
    (receiver.address() as { port: number }).port
  }/hooks/runway`;
  await octokit.rest.orgs.createWebhook({
    org: OWNER,
    name: 'web',
    config: { url: hookUrl, content_type: 'json' },
    events: ['push', 'pull_request'],
  });

  // A repository with a few commits on main, a branch with one more, and a pull request.
  await octokit.rest.repos.createInOrg({
    org: OWNER,
    name: REPO,
    description: 'Made by the <web view> test',
  });
  const put = (path: string, content: string | Buffer, message: string) =>
    octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: REPO,
      path,
      message,
      content: b64(content),
    });
  await put('README.md', README, 'Add a README');
  const index = await put('src/index.ts', INDEX_V1, 'Add the greeting');
  await put('docs/guide.md', 'Read <this> first.\n', 'Add a guide');
  await put('assets/logo.png', BINARY, 'Add a logo');

  const main = await octokit.rest.git.getRef({
    owner: OWNER,
    repo: REPO,
    ref: 'heads/main',
  });
  await octokit.rest.git.createRef({
    owner: OWNER,
    repo: REPO,
    ref: 'refs/heads/feature/greeting',
    sha: main.data.object.sha,
  });
  const change = await octokit.rest.repos.createOrUpdateFileContents({
    owner: OWNER,
    repo: REPO,
    path: 'src/index.ts',
    branch: 'feature/greeting',
    message: 'Greet by name <script>alert("commit")</script>',
    content: b64(INDEX_V2),
    sha: index.data.content!.sha!,
  });
  headSha = change.data.commit.sha!;
  const pull = await octokit.rest.pulls.create({
    owner: OWNER,
    repo: REPO,
    title: 'Greet people <by name>',
    head: 'feature/greeting',
    base: 'main',
    body: 'Greets by name.\n<img src=x onerror=alert(1)>',
  });
  pullNumber = pull.data.number;
  pullHtmlUrl = pull.data.html_url;
  await octokit.rest.issues.createComment({
    owner: OWNER,
    repo: REPO,
    issue_number: pullNumber,
    body: 'Looks good <script>alert(1)</script>',
  });
  await octokit.rest.repos.createCommitStatus({
    owner: OWNER,
    repo: REPO,
    sha: headSha,
    state: 'success',
    context: 'ci/unit-tests',
    description: 'All 12 tests passed',
    target_url: 'https://ci.example.com/run/1',
  });

  // A Slack message with blocks, as Runway's notifications look.
  const slack = new WebClient(devstack.slackToken, {
    slackApiUrl: devstack.urls.slackApi,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
  await slack.chat.postMessage({
    channel: '#team-platform',
    text: 'Repository web-view-demo is ready <script>alert(2)</script>',
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: 'New repository: web-view-demo' },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Created by Runway: <${base}/${OWNER}/${REPO}|${OWNER}/${REPO}>`,
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Golden path: create-service' }],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the pull request' },
            url: pullHtmlUrl,
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Sneaky' },
            // eslint-disable-next-line no-script-url -- the attack being tested
            url: 'javascript:alert(3)',
          },
        ],
      },
    ],
  });

  // A mail with an HTML part and attachments.
  const transport = createTransport({
    host: devstack.urls.smtpHost,
    port: devstack.urls.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from: 'runway@acme.example',
    to: 'alice@acme.example',
    subject: 'Your weekly <cost> report',
    text: 'Costs attached.\n<b>plain</b>',
    html: '<p>Costs <em>attached</em>.</p><script>alert(4)</script>',
    attachments: [
      { filename: 'costs.csv', content: CSV, contentType: 'text/csv' },
      {
        filename: 'raw data.bin',
        content: ATTACHMENT,
        contentType: 'application/octet-stream',
      },
      {
        filename: 'welcome.ics',
        content: INVITATION,
        contentType: 'text/calendar; charset=utf-8; method=REQUEST',
      },
    ],
  });
  transport.close();
  mailId = devstack.smtp.messages()[0].id;
});

afterAll(async () => {
  await devstack?.stop();
  await new Promise(resolve => receiver?.close(resolve));
});

describe('pages', () => {
  it('shows the overview: org, repositories, pull requests, channels, mail', async () => {
    const { status, text, res } = await get('/');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    for (const nav of [
      'Repositories',
      'Pull requests',
      'Slack',
      'Mail',
      'Webhooks',
    ])
      expect(text).toContain(`>${nav}</a>`);
    expect(text).toContain(`href="/${OWNER}/${REPO}"`);
    expect(text).toContain(`href="/${OWNER}/platform-config"`);
    expect(text).toContain('Made by the &lt;web view&gt; test');
    expect(text).toContain('1 open pull request<');
    expect(text).toContain('#team-platform');
    expect(text).toContain('1 mail');
  });

  it('lists the files of a repository, its branches and its README', async () => {
    const { status, text } = await get(`/${OWNER}/${REPO}`);
    expect(status).toBe(200);
    for (const name of ['README.md', 'src', 'docs', 'assets'])
      expect(text).toContain(`>${name}</a>`);
    expect(text).toContain(`href="/${OWNER}/${REPO}/tree/main/src"`);
    expect(text).toContain(`href="/${OWNER}/${REPO}/blob/main/README.md"`);
    expect(text).toContain(`href="/${OWNER}/${REPO}/tree/feature/greeting"`);
    expect(text).toContain('Hello &lt;b&gt;not bold&lt;/b&gt; &amp; friends.');
    expect(text).not.toContain('<b>not bold</b>');
  });

  it("leads a template's `blob/<branch>` repository link to the repository's files", async () => {
    const link = await get(`/${OWNER}/${REPO}/blob/main`);
    expect(link.status).toBe(302);
    expect(link.res.headers.get('location')).toBe(
      `/${OWNER}/${REPO}/tree/main`,
    );
    const { status, text } = await get(link.res.headers.get('location')!);
    expect(status).toBe(200);
    expect(text).toContain(`href="/${OWNER}/${REPO}/blob/main/README.md"`);
  });

  it('shows a directory on a branch whose name holds a slash', async () => {
    const { status, text } = await get(
      `/${OWNER}/${REPO}/tree/feature/greeting/src`,
    );
    expect(status).toBe(200);
    expect(text).toContain(
      `href="/${OWNER}/${REPO}/blob/feature/greeting/src/index.ts"`,
    );
  });

  it("shows a file's text with line numbers, escaped", async () => {
    const { status, text } = await get(
      `/${OWNER}/${REPO}/blob/main/docs/guide.md`,
    );
    expect(status).toBe(200);
    expect(text).toContain('<span class="ln">1</span>Read &lt;this&gt; first.');
    const branch = await get(
      `/${OWNER}/${REPO}/blob/feature/greeting/src/index.ts`,
    );
    expect(branch.text).toContain(
      'export const greet = (name: string) =&gt; &#96;hello ${name}&#96;;',
    );
  });

  it("serves the REST API's download_url and html_url here", async () => {
    const readme = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: REPO,
      path: 'README.md',
    });
    const file = readme.data as { download_url: string; html_url: string };
    const raw = await get(file.download_url);
    expect(raw.status).toBe(200);
    expect(raw.res.headers.get('content-type')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(raw.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(raw.text).toBe(README);
    expect((await get(file.html_url)).status).toBe(200);

    const logo = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: REPO,
      path: 'assets/logo.png',
    });
    const bytes = await get(
      (logo.data as { download_url: string }).download_url,
    );
    expect(bytes.res.headers.get('content-type')).toBe('image/png');
    expect(bytes.body.equals(BINARY)).toBe(true);

    const repo = await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    expect((await get(repo.data.html_url)).status).toBe(200);
  });

  it("shows a commit's message, author and diff", async () => {
    const commit = await octokit.rest.git.getCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: headSha,
    });
    const { status, text } = await get(commit.data.html_url);
    expect(status).toBe(200);
    expect(text).toContain(
      'Greet by name &lt;script&gt;alert(&quot;commit&quot;)&lt;/script&gt;',
    );
    expect(text).not.toContain('<script>alert("commit")');
    expect(text).toContain(
      `<span class="del">-export const greet = () =&gt; &#39;hello&#39;;</span>`,
    );
    expect(text).toContain(
      '<span class="add">+export const greet = (name: string) =&gt; &#96;hello ${name}&#96;;</span>',
    );
  });

  it('shows a pull request: title, state, branches, body, diff, comment and checks, all escaped', async () => {
    const { status, text } = await get(pullHtmlUrl.replace(base, ''));
    expect(status).toBe(200);
    expect(text).toContain('Greet people &lt;by name&gt;');
    expect(text).toContain('state-open');
    expect(text).toContain('>feature/greeting</a></code> → <code>');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain(
      '<span class="add">+export const greet = (name: string)',
    );
    expect(text).toContain('<span class="del">-export const greet = () =&gt;');
    expect(text).toContain('Looks good &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('ci/unit-tests');
    expect(text).toContain('All 12 tests passed');
    expect(text).toContain('href="https://ci.example.com/run/1"');

    const list = await get(`/${OWNER}/${REPO}/pulls`);
    expect(list.text).toContain(`href="/${OWNER}/${REPO}/pull/${pullNumber}"`);
    const all = await get('/pulls');
    expect(all.text).toContain('Greet people &lt;by name&gt;');

    const diff = await get(`${pullHtmlUrl.replace(base, '')}.diff`);
    expect(diff.res.headers.get('content-type')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(diff.text).toContain('+export const greet = (name: string)');
  });

  it('shows a merged pull request as merged, with its diff', async () => {
    const other = await octokit.rest.git.getRef({
      owner: OWNER,
      repo: REPO,
      ref: 'heads/main',
    });
    await octokit.rest.git.createRef({
      owner: OWNER,
      repo: REPO,
      ref: 'refs/heads/docs-tweak',
      sha: other.data.object.sha,
    });
    const guide = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: REPO,
      path: 'docs/guide.md',
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: REPO,
      path: 'docs/guide.md',
      branch: 'docs-tweak',
      message: 'Tweak the guide',
      content: b64('Read this first, please.\n'),
      sha: (guide.data as { sha: string }).sha,
    });
    const pull = await octokit.rest.pulls.create({
      owner: OWNER,
      repo: REPO,
      title: 'Tweak the guide',
      head: 'docs-tweak',
      base: 'main',
    });
    await octokit.rest.pulls.merge({
      owner: OWNER,
      repo: REPO,
      pull_number: pull.data.number,
    });
    const { status, text } = await get(pull.data.html_url.replace(base, ''));
    expect(status).toBe(200);
    expect(text).toContain('state-merged');
    expect(text).toContain(
      '<span class="add">+Read this first, please.</span>',
    );
  });

  it("shows a Slack channel's messages with their blocks", async () => {
    const index = await get('/slack');
    expect(index.status).toBe(200);
    expect(index.text).toContain('href="/slack/team-platform"');
    const { status, text } = await get('/slack/team-platform');
    expect(status).toBe(200);
    expect(text).toContain(
      'Repository web-view-demo is ready &lt;script&gt;alert(2)&lt;/script&gt;',
    );
    expect(text).toContain('New repository: web-view-demo');
    expect(text).toContain(
      `<a href="${base}/${OWNER}/${REPO}">${OWNER}/${REPO}</a>`,
    );
    expect(text).toContain('Golden path: create-service');
    expect(text).toContain(
      `<a class="button" href="${pullHtmlUrl}">Open the pull request</a>`,
    );
    // eslint-disable-next-line no-script-url -- must not appear
    expect(text).not.toContain('javascript:');
    expect(text).not.toMatch(/<script/i);
    expect((await get('/slack/no-such-channel')).status).toBe(404);
  });

  it('shows mail with its bodies, and serves attachments byte for byte', async () => {
    const index = await get('/mail');
    expect(index.text).toContain('Your weekly &lt;cost&gt; report');
    expect(index.text).toContain(`href="/mail/${mailId}"`);
    const { status, text } = await get(`/mail/${mailId}`);
    expect(status).toBe(200);
    expect(text).toContain('<h1>Your weekly &lt;cost&gt; report</h1>');
    expect(text).toContain('runway@acme.example');
    expect(text).toContain('alice@acme.example');
    expect(text).toContain('Costs attached.\n&lt;b&gt;plain&lt;/b&gt;');
    expect(text).toMatch(/<iframe[^>]* sandbox=""[^>]* srcdoc="&lt;p&gt;Costs/);
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain(
      `href="/mail/${mailId}/attachments/1">raw data.bin</a>`,
    );

    const csv = await get(`/mail/${mailId}/attachments/0`);
    expect(csv.res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toBe(CSV);
    const bin = await get(`/mail/${mailId}/attachments/1`);
    expect(bin.status).toBe(200);
    expect(bin.res.headers.get('content-type')).toBe(
      'application/octet-stream',
    );
    expect(bin.res.headers.get('content-disposition')).toBe(
      'attachment; filename="raw data.bin"',
    );
    expect(bin.body.equals(ATTACHMENT)).toBe(true);
    expect((await get(`/mail/${mailId}/attachments/3`)).status).toBe(404);
    expect((await get('/mail/nope')).status).toBe(404);
  });

  it('shows each attachment’s name, type, size and link, and a calendar invitation’s event', async () => {
    const { text } = await get(`/mail/${mailId}`);
    expect(text).toContain('<h2>Attachments (3)</h2>');
    expect(text).toContain(
      `href="/mail/${mailId}/attachments/2">welcome.ics</a>`,
    );
    expect(text).toContain('text/calendar');
    expect(text).toContain(
      `<td class="nowrap">${Buffer.byteLength(INVITATION)} B</td>`,
    );
    expect(text).toContain(
      '<strong>Welcome &lt;script&gt;, and your first day</strong><br /><span class="muted small">starts 2027-01-04 10:00 (Europe/Berlin)</span>',
    );
    expect(text).not.toMatch(/<script/i);
    const ics = await get(`/mail/${mailId}/attachments/2`);
    expect(ics.res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(ics.text).toBe(INVITATION);
  });

  it('lists webhook deliveries', async () => {
    await devstack.forge.webhooks.idle();
    const { status, text } = await get('/webhooks');
    expect(status).toBe(200);
    expect(text).toMatch(
      new RegExp(
        `<tr><td>pull_request</td><td>opened</td><td><a href="/${OWNER}/${REPO}">${OWNER}/${REPO}</a></td><td class="mono small">${hookUrl}</td><td class="status-success">202</td>`,
      ),
    );
    expect(text).toContain('<tr><td>push</td>');
  });

  it("shows the org's and people's pages that html_url fields name", async () => {
    const org = await get(`/${OWNER}`);
    expect(org.status).toBe(200);
    expect(org.text).toContain(`href="/${OWNER}/${REPO}"`);
    const team = await get(`/orgs/${OWNER}/teams/platform`);
    expect(team.status).toBe(200);
  });
});

describe('refusals', () => {
  it('answers 404 for what does not exist', async () => {
    for (const path of [
      '/acme/no-such-repo',
      `/${OWNER}/${REPO}/blob/main/no/such/file`,
      `/${OWNER}/${REPO}/raw/main/nope.txt`,
      `/${OWNER}/${REPO}/tree/no-such-branch`,
      `/${OWNER}/${REPO}/pull/999`,
      `/${OWNER}/${REPO}/commit/0123456789abcdef0123456789abcdef01234567`,
      '/nobody-at-all',
    ]) {
      const { status, text, res } = await get(path);
      expect([path, status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(text).toContain('Not found');
    }
  });

  it('refuses paths that climb out with ..', async () => {
    for (const path of [
      `/${OWNER}/${REPO}/raw/main/../../../../etc/passwd`,
      `/${OWNER}/${REPO}/blob/main/src/../../../etc/passwd`,
      `/${OWNER}/${REPO}/raw/main/%2e%2e/%2e%2e/etc/passwd`,
      `/${OWNER}/${REPO}/raw/main/src%2F..%2F..%2Fetc%2Fpasswd`,
      `/${OWNER}/${REPO}/tree/main/..`,
    ]) {
      expect([path, await rawRequest(path)]).toEqual([path, 400]);
    }
  });

  it('is read-only', async () => {
    const { status, res } = await get('/', { method: 'POST', body: 'x' });
    expect(status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const head = await get(`/${OWNER}/${REPO}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it("leaves the forge's own routes to the forge", async () => {
    const api = await get(`/api/v3/repos/${OWNER}/${REPO}`, {
      headers: { authorization: `token ${devstack.githubToken}` },
    });
    expect(api.res.headers.get('content-type')).toMatch(/json/);
    const refs = await get(
      `/${OWNER}/${REPO}.git/info/refs?service=git-upload-pack`,
    );
    expect(refs.res.headers.get('content-type')).toBe(
      'application/x-git-upload-pack-advertisement',
    );
  });
});
