import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { Devstack, startDevstack } from '@runway/devstack';
import {
  GithubClient,
  GithubClientOptions,
  commitFiles,
  createGithubClient,
  gitBlobSha,
  openPullRequest,
  pendingChanges,
  readDefaultBranch,
  upsertMarkedComment,
} from '.';

// A real forge in the same process: give each test room on a busy machine.
jest.setTimeout(60_000);

let devstack: Devstack;
let client: GithubClient;
const repository = { owner: 'acme', repo: 'platform-config' };
const logger = mockServices.logger.mock();

const integrations = (token?: string) =>
  ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: devstack.urls.githubHost,
            apiBaseUrl: devstack.urls.githubApi,
            ...(token && { token }),
          },
        ],
      },
    }),
  );

const connect = (
  options: Partial<
    Pick<GithubClientOptions, 'retry' | 'requestTimeoutMs'>
  > = {},
) =>
  createGithubClient({
    integrations: integrations(devstack.githubToken),
    host: devstack.urls.githubHost,
    ...repository,
    logger,
    retry: { retries: 0 },
    writeIntervalMs: 0,
    ...options,
  });

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  client = await connect();
});
afterAll(() => devstack.stop());
afterEach(() => devstack.faults.clear());

async function fileOn(branch: string, path: string) {
  const { data } = await client.rest.repos.getContent({
    ...repository,
    path,
    ref: branch,
  });
  return Buffer.from((data as { content: string }).content, 'base64').toString(
    'utf8',
  );
}

describe('createGithubClient', () => {
  it('says which host has no integration', async () => {
    await expect(
      createGithubClient({
        integrations: integrations(devstack.githubToken),
        host: 'ghe.example.test',
        ...repository,
        logger,
      }),
    ).rejects.toThrow(
      'ghe.example.test has no GitHub integration, so Runway cannot reach acme/platform-config there',
    );
  });

  it('says there are no credentials before making any request', async () => {
    await expect(
      createGithubClient({
        integrations: integrations(),
        host: devstack.urls.githubHost,
        ...repository,
        logger,
      }),
    ).rejects.toThrow(
      /^No GitHub credentials for acme\/platform-config on .*; configure a token or GitHub App under integrations.github$/,
    );
  });

  it('abandons a request that hangs past its timeout', async () => {
    const impatient = await connect({ requestTimeoutMs: 100 });
    devstack.injectFault({ target: 'repos/get', delayMs: 2000 });
    await expect(impatient.rest.repos.get(repository)).rejects.toThrow(
      'GitHub did not answer GET /repos/{owner}/{repo} within 100 ms (runway.github.requestTimeoutMs)',
    );
  });

  it('gives each attempt its own timeout, so a retry after a hung one succeeds', async () => {
    const patient = await connect({
      retry: { retries: 2, retryAfterBaseValue: 1 },
      requestTimeoutMs: 5000,
    });
    // The hung first attempt uses up the whole timeout; one clock for all attempts would fail the retry.
    devstack.injectFault({ target: 'repos/get', delayMs: 15000 });
    const { data } = await patient.rest.repos.get(repository);
    expect(data.full_name).toBe('acme/platform-config');
  });

  it('does not resend a comment GitHub may already have made: a 5xx on it is the caller’s to handle', async () => {
    const patient = await connect({
      retry: { retries: 3, retryAfterBaseValue: 1 },
    });
    devstack.faults.clear();
    devstack.injectFault({
      target: 'issues/create-comment',
      status: 502,
      times: 2,
    });
    await expect(
      patient.rest.issues.createComment({
        ...repository,
        issue_number: 1,
        body: 'once',
      }),
    ).rejects.toMatchObject({ status: 502 });
    // One attempt: a resend after a lost answer would post the comment twice.
    expect(devstack.faults.injected).toHaveLength(1);
    devstack.faults.clear();
  });

  it('retries a server error and succeeds', async () => {
    const patient = await connect({
      retry: { retries: 2, retryAfterBaseValue: 1 },
    });
    devstack.injectFault({ target: 'repos/get', status: 502 });
    const { data } = await patient.rest.repos.get(repository);
    expect(data.full_name).toBe('acme/platform-config');
  });
});

describe('rate limits', () => {
  beforeEach(() => logger.warn.mockClear());

  // Fails on the client before (plugin-retry and plugin-throttling): the devstack's 429 has
  // Retry-After but not x-ratelimit-remaining: 0, so it was retried silently on plugin-retry's
  // back-off and never reported, and five of them were neither waited out nor bounded as intended.
  it('waits out a 429 for its Retry-After, saying so, and succeeds', async () => {
    const patient = await connect({
      retry: { retries: 0, retryAfterBaseValue: 1 },
    });
    devstack.injectFault({
      target: 'repos/get',
      status: 429,
      times: 2,
      retryAfterSeconds: 1,
    });
    const startedAt = Date.now();
    const { data } = await patient.rest.repos.get(repository);
    expect(data.full_name).toBe('acme/platform-config');
    // Two waits of Retry-After: 1 s (timers may fire a little early against Date.now()).
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1900);
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      'GitHub rate limit on GET /repos/{owner}/{repo}; retrying in 1s',
      'GitHub rate limit on GET /repos/{owner}/{repo}; retrying in 1s',
    ]);
  });

  it('gives up on a write after two rate-limit waits, saying so', async () => {
    const patient = await connect({
      retry: { retries: 3, retryAfterBaseValue: 1 },
    });
    devstack.injectFault({ target: 'pulls/create', status: 429, times: 5 });
    await expect(
      patient.rest.pulls.create({
        ...repository,
        head: 'lib-test/rate-limited',
        base: 'main',
        title: 'Rate limited',
      }),
    ).rejects.toMatchObject({ status: 429 });
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      'GitHub rate limit on POST /repos/{owner}/{repo}/pulls; retrying in 1s',
      'GitHub rate limit on POST /repos/{owner}/{repo}/pulls; retrying in 1s',
      'GitHub rate limit on POST /repos/{owner}/{repo}/pulls; giving up',
    ]);
    // Two of the five are left: three attempts, no more.
    expect(devstack.faults.injected).toHaveLength(3);
  });

  it('retries a write that failed with a server error and then hung, then adds the labels', async () => {
    const patient = await connect({
      retry: { retries: 3, retryAfterBaseValue: 1 },
      // Room for every other request of openPullRequest on a busy machine; only the hang exceeds it.
      requestTimeoutMs: 10_000,
    });
    devstack.injectFault({ target: 'issues/add-labels', status: 500 });
    devstack.injectFault({ target: 'issues/add-labels', delayMs: 15_000 });
    devstack.injectFault({ target: 'issues/add-labels', status: 429 });
    const pr = await openPullRequest(patient, {
      ...repository,
      branch: 'lib-test/labels-under-faults',
      files: { 'lib-test/labels.txt': 'l\n' },
      title: 'Labels',
      body: '',
      commitMessage: 'Labels',
      labels: ['runway'],
    });
    const { data } = await patient.rest.issues.listLabelsOnIssue({
      ...repository,
      issue_number: pr.prNumber,
    });
    expect(data.map(l => l.name)).toEqual(['runway']);
  });
});

describe('commitFiles', () => {
  it('commits on the default branch once, deletes with null, and answers unchanged when done', async () => {
    const files = { 'lib-test/a.txt': 'a\n', 'lib-test/b.txt': 'b\n' };
    const first = await commitFiles(client, {
      ...repository,
      files,
      message: 'Add a and b',
    });
    expect(first).toMatchObject({ changed: true, branch: 'main' });
    expect(first.createdFrom).toBeUndefined();
    const again = await commitFiles(client, {
      ...repository,
      files,
      message: 'Add a and b',
    });
    expect(again).toEqual({ sha: first.sha, changed: false, branch: 'main' });

    const removed = await commitFiles(client, {
      ...repository,
      files: { 'lib-test/a.txt': null },
      message: 'Remove a',
    });
    expect(removed.changed).toBe(true);
    const snapshot = await readDefaultBranch(client, repository);
    expect(snapshot.blobs.has('lib-test/a.txt')).toBe(false);
    expect(snapshot.blobs.get('lib-test/b.txt')).toBe(gitBlobSha('b\n'));
  });

  it('makes a missing branch from the default branch, then moves it', async () => {
    const first = await commitFiles(client, {
      ...repository,
      branch: 'lib-test/feature',
      files: { 'lib-test/feature.txt': 'one\n' },
      message: 'One',
    });
    expect(first).toMatchObject({
      changed: true,
      branch: 'lib-test/feature',
      createdFrom: 'main',
    });
    const second = await commitFiles(client, {
      ...repository,
      branch: 'lib-test/feature',
      files: { 'lib-test/feature.txt': 'two\n' },
      message: 'Two',
    });
    expect(second.createdFrom).toBeUndefined();
    expect(await fileOn('lib-test/feature', 'lib-test/feature.txt')).toBe(
      'two\n',
    );
  });
});

describe('pendingChanges', () => {
  const blobs = new Map([['a.txt', gitBlobSha('a\n')]]);

  it('keeps only what differs, from a full listing', () => {
    expect(
      pendingChanges(
        { blobs, truncated: false },
        { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': null },
      ),
    ).toEqual([['b.txt', 'b\n']]);
  });

  it('proposes every write from a partial listing, and refuses to judge a deletion', () => {
    expect(
      pendingChanges({ blobs, truncated: true }, { 'a.txt': 'a\n' }),
    ).toEqual([['a.txt', 'a\n']]);
    expect(() =>
      pendingChanges({ blobs, truncated: true }, { 'a.txt': null }),
    ).toThrow('cannot tell whether a.txt exist; nothing was deleted');
  });
});

describe('openPullRequest', () => {
  const request = {
    ...repository,
    branch: 'lib-test/pr',
    files: { 'lib-test/pr.txt': 'proposed\n' },
    title: 'Propose pr.txt',
    body: 'Why: a test.',
    commitMessage: 'Propose pr.txt',
    labels: ['runway'],
  };

  it('opens one pull request, and a re-run (even with a retried create) finds and updates it', async () => {
    const first = await openPullRequest(client, request);
    expect(first.branch).toBe('lib-test/pr');
    devstack.injectFault({ target: 'pulls/create', status: 502 });
    const again = await openPullRequest(client, {
      ...request,
      body: 'Why: a better reason.',
    });
    expect(again.prNumber).toBe(first.prNumber);
    const { data: pulls } = await client.rest.pulls.list({
      ...repository,
      state: 'open',
      head: 'acme:lib-test/pr',
    });
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ body: 'Why: a better reason.' });
    expect(pulls[0].labels.map(l => l.name)).toEqual(['runway']);
  });

  it('runs each write through the caller’s checkpoint, under GitHub keys', async () => {
    const keys: string[] = [];
    await openPullRequest(
      client,
      { ...request, branch: 'lib-test/checkpointed' },
      {
        checkpoint: async ({ key, fn }) => {
          keys.push(key);
          return fn();
        },
      },
    );
    expect(keys).toEqual([
      'github.branch.acme/platform-config:lib-test/checkpointed.v1',
      'github.pr.acme/platform-config:lib-test/checkpointed.v1',
      'github.labels.acme/platform-config:lib-test/checkpointed.v1',
    ]);
  });

  it('refuses the default branch and a change the default branch already has', async () => {
    await expect(
      openPullRequest(client, { ...request, branch: 'main' }),
    ).rejects.toThrow(
      'branch main is the default branch of acme/platform-config; give a new branch name',
    );
    await commitFiles(client, {
      ...repository,
      files: { 'lib-test/same.txt': 'same\n' },
      message: 'Same',
    });
    await expect(
      openPullRequest(client, {
        ...request,
        branch: 'lib-test/same',
        files: { 'lib-test/same.txt': 'same\n' },
      }),
    ).rejects.toThrow('there is nothing to propose');
  });
});

describe('upsertMarkedComment', () => {
  it('writes one comment per marker and edits it afterwards', async () => {
    const pr = await openPullRequest(client, {
      ...repository,
      branch: 'lib-test/comments',
      files: { 'lib-test/comments.txt': 'c\n' },
      title: 'Comments',
      body: '',
      commitMessage: 'Comments',
    });
    const target = { ...repository, number: pr.prNumber };
    const url = await upsertMarkedComment(client, target, '<!-- m -->', 'v1');
    const again = await upsertMarkedComment(client, target, '<!-- m -->', 'v2');
    expect(again).toBe(url);
    const { data } = await client.rest.issues.listComments({
      ...repository,
      issue_number: pr.prNumber,
    });
    expect(data.map(c => c.body)).toEqual(['<!-- m -->\nv2']);
  });

  it('makes one comment when the first create is abandoned but lands after the client gave up', async () => {
    const pr = await openPullRequest(client, {
      ...repository,
      branch: 'lib-test/late-comment',
      files: { 'lib-test/late-comment.txt': 'c\n' },
      title: 'Late comment',
      body: '',
      commitMessage: 'Late comment',
    });
    const impatient = await connect({ requestTimeoutMs: 200 });
    // GitHub answers (and makes the comment) 300 ms after the client stopped waiting.
    devstack.injectFault({ target: 'issues/create-comment', delayMs: 500 });
    const target = { ...repository, number: pr.prNumber };
    await upsertMarkedComment(impatient, target, '<!-- late -->', 'once');
    const { data } = await client.rest.issues.listComments({
      ...repository,
      issue_number: pr.prNumber,
    });
    expect(data.map(c => c.body)).toEqual(['<!-- late -->\nonce']);
  });
});
