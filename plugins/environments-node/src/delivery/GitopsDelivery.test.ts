import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '@runway/devstack';
import { commitFiles } from '@runway/github-node';
import { stringify } from 'yaml';
import { environmentBranch, environmentLabels } from '../labels';
import { createEnvironmentDelivery } from './createEnvironmentDelivery';

// Slow under load: the eight teardowns take turns on one branch, each a handful of requests.
jest.setTimeout(300_000);

const logger = mockServices.logger.mock();
const repository = { owner: 'acme', repo: 'platform-config' };
let devstack: Devstack;
let client: Octokit;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  client = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
  });
});
afterAll(() => devstack.stop());

const delivery = (via: 'push' | 'pull-request') =>
  createEnvironmentDelivery(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: devstack.urls.githubHost,
            apiBaseUrl: devstack.urls.githubApi,
            token: devstack.githubToken,
          },
        ],
      },
      runway: {
        github: {
          host: devstack.urls.githubHost,
          org: 'acme',
          writeIntervalMs: 0,
        },
        environments: { delivery: { mode: 'gitops', via } },
      },
    }),
    logger,
    { retry: { retries: 1, retryAfterBaseValue: 10 } },
  );

const namespace = (env: string) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `env-${env}`, labels: environmentLabels(env) },
  });

async function mainFiles(): Promise<string[]> {
  const { data: ref } = await client.rest.git.getRef({
    ...repository,
    ref: 'heads/main',
  });
  return branchFiles(ref.object.sha);
}

async function branchFiles(sha: string): Promise<string[]> {
  const { data: tree } = await client.rest.git.getTree({
    ...repository,
    tree_sha: sha,
    recursive: 'true',
  });
  return tree.tree.filter(e => e.type === 'blob').map(e => e.path!);
}

async function head(): Promise<string> {
  const { data } = await client.rest.git.getRef({
    ...repository,
    ref: 'heads/main',
  });
  return data.object.sha;
}

/** The commits on main from `head` back to (not including) `since`. */
async function commitsSince(since: string): Promise<string[]> {
  const messages: string[] = [];
  let sha = await head();
  while (sha !== since) {
    const { data } = await client.rest.git.getCommit({
      ...repository,
      commit_sha: sha,
    });
    messages.push(data.message);
    sha = data.parents[0].sha;
  }
  return messages;
}

describe.each(['push', 'pull-request'] as const)(
  'eight parallel teardowns (via %s)',
  via => {
    it('each removes its own folder, on one branch, without losing another’s or making an empty commit', async () => {
      const names = [...Array(8).keys()].map(i => `race-${via}-${i}`);
      await commitFiles(client, {
        ...repository,
        files: Object.fromEntries(
          names.map(n => [`environments/${n}/namespace.yaml`, namespace(n)]),
        ),
        message: 'eight environments',
      });
      const before = await head();
      const teardown = delivery(via);

      const settled = await Promise.allSettled(
        names.map(name => teardown.teardown({ name })),
      );

      expect(settled.filter(s => s.status === 'rejected')).toEqual([]);
      const left = await mainFiles();
      for (const name of names)
        expect(left.filter(p => p.startsWith(`environments/${name}/`))).toEqual(
          [],
        );
      const commits = await commitsSince(before);
      expect(commits).toHaveLength(8);
      expect(new Set(commits)).toEqual(
        new Set(names.map(n => `Tear down environment ${n}`)),
      );
    });
  },
);

describe('the delivery branch (via pull-request)', () => {
  const refs = async (branch: string) =>
    (
      await client.rest.git.listMatchingRefs({
        ...repository,
        ref: `heads/${branch}`,
      })
    ).data.filter(r => r.ref === `refs/heads/${branch}`);

  it('starts a reused name afresh from the default branch, and is deleted by the teardown', async () => {
    const name = 'reused-name';
    const branch = environmentBranch(name);
    // An earlier environment of this name left its branch behind (its pull request closed).
    await commitFiles(client, {
      ...repository,
      branch,
      files: { [`environments/${name}/stale.yaml`]: namespace('stale') },
      message: 'an earlier environment',
    });
    const gitops = delivery('pull-request');

    await gitops.deliver({
      name,
      rendered: {
        files: { [`environments/${name}/namespace.yaml`]: namespace(name) },
        manifests: [],
      },
      summary: `Environment ${name}`,
      expiresAt: '2030-01-01T00:00:00Z',
    });

    const [ref] = await refs(branch);
    expect(
      (await branchFiles(ref.object.sha))
        .filter(p => p.startsWith('environments/'))
        .sort(),
    ).toEqual(
      (await mainFiles())
        .filter(p => p.startsWith('environments/'))
        .concat(`environments/${name}/namespace.yaml`)
        .sort(),
    );

    await gitops.teardown({ name, teardownReason: 'requested' });
    expect(await refs(branch)).toEqual([]);
    // Again: the branch already gone is no failure.
    await gitops.teardown({ name, teardownReason: 'requested' });
    expect(await refs(branch)).toEqual([]);
  });
});

describe('a teardown run twice at once (via pull-request)', () => {
  it('closes the pull request with one comment and removes the folder in one commit', async () => {
    const name = 'twice-at-once';
    await commitFiles(client, {
      ...repository,
      files: { [`environments/${name}/namespace.yaml`]: namespace(name) },
      message: `environment ${name}`,
    });
    const gitops = delivery('pull-request');
    const pr = await gitops.deliver({
      name,
      rendered: {
        files: { [`environments/${name}/extra.yaml`]: namespace(name) },
        manifests: [],
      },
      summary: `Environment ${name}`,
      expiresAt: '2030-01-01T00:00:00Z',
    });
    const number = Number(pr.url!.split('/').pop());
    const before = await head();

    await Promise.all([
      gitops.teardown({ name, teardownReason: 'expired' }),
      delivery('pull-request').teardown({ name, teardownReason: 'expired' }),
    ]);

    expect(await commitsSince(before)).toEqual([
      `Tear down environment ${name}`,
    ]);
    const { data: comments } = await client.rest.issues.listComments({
      ...repository,
      issue_number: number,
    });
    expect(comments).toHaveLength(1);
    const { data: pull } = await client.rest.pulls.get({
      ...repository,
      pull_number: number,
    });
    expect(pull.state).toBe('closed');
  });
});

describe('a teardown past its deadline', () => {
  it('starts no GitHub request once its signal fired, and leaves the folder for the retry', async () => {
    const name = 'past-deadline';
    await commitFiles(client, {
      ...repository,
      files: { [`environments/${name}/namespace.yaml`]: namespace(name) },
      message: `environment ${name}`,
    });
    const before = await head();
    const controller = new AbortController();
    controller.abort(new Error('the deadline passed'));

    await expect(
      delivery('push').teardown({ name, signal: controller.signal }),
    ).rejects.toThrow('the deadline passed');

    expect(await head()).toBe(before);
    expect(await mainFiles()).toContain(`environments/${name}/namespace.yaml`);
  });
});

describe('listing the delivered environments', () => {
  it('names each folder under environments/ on the default branch, and nothing else', async () => {
    await commitFiles(client, {
      ...repository,
      files: {
        'environments/listed-one/namespace.yaml': namespace('listed-one'),
        'environments/listed-two/apps/app.yaml': namespace('listed-two'),
        'environments/README.md': 'not an environment',
        'clusters/not-listed/namespace.yaml': namespace('not-listed'),
      },
      message: 'environments to list',
    });
    const gitops = delivery('push');

    const listed = await gitops.listDelivered!();

    expect(listed).toEqual(
      expect.arrayContaining(['listed-one', 'listed-two']),
    );
    expect(listed).not.toContain('README.md');
    expect(listed).not.toContain('not-listed');
    expect(listed).toEqual([...listed].sort());

    await gitops.teardown({ name: 'listed-one', teardownReason: 'orphan' });
    expect(await gitops.listDelivered!()).not.toContain('listed-one');
  });
});
