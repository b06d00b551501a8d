/**
 * What a golden path's first calls need from the forge at start-up and right after: a seeded
 * platform-config even after an interrupted first start, repositories made with auto_init, and
 * the combined status Backstage's GitHub URL reader asks for before reading a tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';

jest.setTimeout(60_000);

const client = (devstack: Devstack) =>
  new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });

describe('a devstack whose first start was interrupted while seeding', () => {
  it('seeds platform-config again at the next start instead of serving it empty', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-seed-'));
    const first = await startDevstack({ port: 0, smtpPort: 0, dataDir });
    await first.stop();
    // What an interruption between recording the repository and its first commit leaves.
    const repoDir = path.join(dataDir, 'repos', 'acme', 'platform-config.git');
    fs.rmSync(path.join(repoDir, 'refs', 'heads'), {
      recursive: true,
      force: true,
    });
    fs.rmSync(path.join(repoDir, 'packed-refs'), { force: true });

    const again = await startDevstack({ port: 0, smtpPort: 0, dataDir });
    try {
      const { data } = await client(again).rest.repos.getBranch({
        owner: 'acme',
        repo: 'platform-config',
        branch: 'main',
      });
      expect(data.commit.commit.message).toBe(
        'Seed platform-config from Runway examples',
      );
    } finally {
      await again.stop();
    }
  });
});

describe('repositories and statuses', () => {
  let devstack: Devstack;
  beforeAll(async () => {
    devstack = await startDevstack({
      port: 0,
      smtpPort: 0,
      validateResponses: true,
    });
  });
  afterAll(() => devstack.stop());
  afterEach(() => {
    // Every answer matched GitHub's description.
    const violations = devstack.forge.responseViolations.splice(0);
    if (violations.length)
      throw new Error(
        `answers off the description: ${JSON.stringify(violations)}`,
      );
  });

  it('makes a first commit with a README for auto_init, as GitHub does', async () => {
    const octokit = client(devstack);
    await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'auto-init',
      description: 'Made with a README',
      auto_init: true,
    });
    const { data } = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'auto-init',
      path: 'README.md',
    });
    expect(
      Buffer.from((data as { content: string }).content, 'base64').toString(),
    ).toBe('# auto-init\n\nMade with a README\n');
  });

  it('answers the combined status of a ref, even with per_page=0', async () => {
    const octokit = client(devstack);
    const { data: ref } = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'heads/main',
    });
    const sha = ref.object.sha;
    const empty = await octokit.rest.repos.getCombinedStatusForRef({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'main',
      per_page: 0,
    });
    expect(empty.data).toMatchObject({ sha, state: 'pending', total_count: 0 });

    for (const state of ['failure', 'success'] as const)
      await octokit.rest.repos.createCommitStatus({
        owner: 'acme',
        repo: 'platform-config',
        sha,
        state,
        context: 'ci',
      });
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'main',
    });
    // The latest status of each context counts: ci failed, then passed.
    expect(data).toMatchObject({ state: 'success', total_count: 1 });
    expect(data.statuses.map(s => s.state)).toEqual(['success']);
  });
});
