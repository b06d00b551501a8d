import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '@runway/devstack';
import { stringify } from 'yaml';
import { commitFiles } from '@runway/github-node';
import { removeEnvironmentDirectory } from './gitops';
import { environmentLabels } from './labels';

let devstack: Devstack;
let client: Octokit;
const repository = { owner: 'acme', repo: 'platform-config' };

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  client = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
  });
});
afterAll(() => devstack.stop());

const manifest = (env: string, name: string, labels = environmentLabels(env)) =>
  stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
  });

async function files(dir: string): Promise<Record<string, string>> {
  const { data: ref } = await client.rest.git.getRef({
    ...repository,
    ref: 'heads/main',
  });
  const { data: tree } = await client.rest.git.getTree({
    ...repository,
    tree_sha: ref.object.sha,
    recursive: 'true',
  });
  const entries = tree.tree.filter(
    e => e.type === 'blob' && e.path!.startsWith(dir),
  );
  const out: Record<string, string> = {};
  for (const e of entries) {
    const { data } = await client.rest.git.getBlob({
      ...repository,
      file_sha: e.sha!,
    });
    out[e.path!] = Buffer.from(data.content, 'base64').toString('utf8');
  }
  return out;
}

const seed = (changes: Record<string, string>, message: string) =>
  commitFiles(client, { ...repository, files: changes, message });

describe('removeEnvironmentDirectory', () => {
  it('removes the environment’s folder and nothing else, once', async () => {
    await seed(
      {
        'environments/beta/namespace.yaml': manifest('beta', 'a'),
        'environments/beta2/namespace.yaml': manifest('beta2', 'a'),
      },
      'Environments beta, beta2',
    );
    const removed = await removeEnvironmentDirectory(
      client,
      repository,
      'beta',
    );
    expect(removed).toMatchObject({
      changed: true,
      removed: ['environments/beta/namespace.yaml'],
    });
    expect(await files('environments/beta/')).toEqual({});
    expect(Object.keys(await files('environments/beta2/'))).toEqual([
      'environments/beta2/namespace.yaml',
    ]);

    const again = await removeEnvironmentDirectory(client, repository, 'beta');
    expect(again).toMatchObject({ changed: false, removed: [] });
  });

  it('refuses to remove a folder holding files Runway did not make for the environment', async () => {
    await seed(
      {
        'environments/gamma/namespace.yaml': manifest('gamma', 'a'),
        'environments/gamma/hand-made.yaml': manifest('gamma', 'b', {
          team: 'x',
        } as any),
      },
      'Environment gamma',
    );
    await expect(
      removeEnvironmentDirectory(client, repository, 'gamma'),
    ).rejects.toThrow(
      /not resources Runway made for environment gamma \(environments\/gamma\/hand-made.yaml\); nothing was removed/,
    );
    expect(Object.keys(await files('environments/gamma/'))).toHaveLength(2);
  });

  it('refuses to remove a folder whose Application is not named as Runway names its Applications', async () => {
    const application = (name: string) =>
      stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name,
          namespace: 'argocd',
          labels: environmentLabels('payments'),
        },
      });
    await seed(
      {
        'environments/payments/applications/api.yaml':
          application('payments-api'),
        'environments/payments/applications/web.yaml':
          application('rw-payments-web'),
      },
      'Environment payments',
    );
    await expect(
      removeEnvironmentDirectory(client, repository, 'payments'),
    ).rejects.toThrow(
      /not resources Runway made for environment payments \(environments\/payments\/applications\/api.yaml\); nothing was removed/,
    );
    expect(Object.keys(await files('environments/payments/'))).toHaveLength(2);
  });
});
