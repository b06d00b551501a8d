import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Octokit } from '@octokit/rest';
import {
  Devstack,
  KubernetesApiStandIn,
  openPullRequest,
  startDevstack,
} from '@runway/devstack';
import { commitFiles } from '@runway/github-node';
import { TEARDOWN_COMMENT_MARKER } from '../gitops';
import { applyManifests, kubeConfigFor } from '../kubernetes';
import { environmentLabels } from '../labels';
import { setupServer } from 'msw/node';
import { stringify } from 'yaml';
import { createEnvironmentDelivery } from './createEnvironmentDelivery';

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
const record = (name: string) => ({ name });

describe('GitOps teardown', () => {
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

  const config = () =>
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
      runway: { github: { host: devstack.urls.githubHost, org: 'acme' } },
    });

  it('removes environments/<name>/ from platform-config, and finishes a repeated teardown quietly', async () => {
    const repository = { owner: 'acme', repo: 'platform-config' };
    const file = (env: string) =>
      stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `env-${env}`, labels: environmentLabels(env) },
      });
    await commitFiles(client, {
      ...repository,
      files: {
        'environments/pr-7/namespace.yaml': file('pr-7'),
        'environments/pr-8/namespace.yaml': file('pr-8'),
      },
      message: 'two environments',
    });
    const teardown = createEnvironmentDelivery(config(), logger);

    await teardown.teardown(record('pr-7'));
    await teardown.teardown(record('pr-7'));

    const { data } = await client.rest.repos.getContent({
      ...repository,
      path: 'environments',
    });
    expect((data as Array<{ name: string }>).map(d => d.name)).toEqual([
      'README.md',
      'pr-8',
    ]);
    const commits = await client.rest.repos.listCommits({
      ...repository,
      per_page: 5,
    });
    expect(
      commits.data.filter(
        c => c.commit.message === 'Tear down environment pr-7',
      ),
    ).toHaveLength(1);
  });

  it('closes an unmerged delivery pull request with a comment saying why, once', async () => {
    const repository = { owner: 'acme', repo: 'platform-config' };
    const pull = await openPullRequest(client, {
      ...repository,
      branch: 'runway/environment-pr-9',
      files: {
        'environments/pr-9/namespace.yaml': stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'env-pr-9', labels: environmentLabels('pr-9') },
        }),
      },
    });
    const teardown = createEnvironmentDelivery(config(), logger);

    await teardown.teardown({ ...record('pr-9'), teardownReason: 'idle' });
    await teardown.teardown({ ...record('pr-9'), teardownReason: 'idle' });

    const { data: closed } = await client.rest.pulls.get({
      ...repository,
      pull_number: pull.number,
    });
    expect(closed.state).toBe('closed');
    expect(closed.merged).toBe(false);
    const { data: comments } = await client.rest.issues.listComments({
      ...repository,
      issue_number: pull.number,
    });
    expect(comments.map(c => c.body)).toEqual([
      `${TEARDOWN_COMMENT_MARKER}\n` +
        'Runway tore environment `pr-9` down (idle). Closed this pull request: merged now, it would bring back an environment that Runway no longer tracks, extends or tears down. Create a new environment instead.',
    ]);
  });

  it('refuses to start without a GitHub integration for platform-config’s host', () => {
    expect(() =>
      createEnvironmentDelivery(
        new ConfigReader({ runway: { github: { host: 'ghe.acme.test' } } }),
        logger,
      ),
    ).toThrow(
      'runway.environments.delivery is gitops into ghe.acme.test/acme/platform-config, but integrations.github has no entry for ghe.acme.test',
    );
  });
});

describe('direct teardown', () => {
  const url = 'https://k8s.runway.test:6443';
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('deletes the environment’s labelled resources from the configured cluster', async () => {
    const api = new KubernetesApiStandIn(url);
    server.resetHandlers(...api.handlers());
    const cluster = {
      name: 'dev',
      url,
      serviceAccountToken: 't',
      skipTLSVerify: true,
    };
    for (const env of ['pr-7', 'pr-8']) {
      await applyManifests(kubeConfigFor(cluster), [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: `env-${env}`, labels: environmentLabels(env) },
        },
      ]);
    }
    const teardown = createEnvironmentDelivery(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }],
        },
        runway: { environments: { delivery: { mode: 'direct' } } },
      }),
      logger,
    );

    await teardown.teardown(record('pr-7'));

    expect(api.list('Namespace').map(n => n.metadata.name)).toEqual([
      'default',
      'kube-system',
      'argocd',
      'env-pr-8',
    ]);
  });
});
