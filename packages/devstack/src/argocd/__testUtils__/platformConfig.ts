/** Writes to the devstack forge as Runway would: repositories and files through the REST API. */
import { Octokit } from '@octokit/rest';
import { stringify } from 'yaml';
import { Devstack } from '../../devstack';

export const deployment = (service: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: service, labels: { 'app.kubernetes.io/name': service } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': service } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': service } },
      spec: {
        containers: [
          {
            name: service,
            image: `registry.acme.example/${service}:bootstrap`,
          },
        ],
      },
    },
  },
});

export interface ForgeClient {
  octokit: Octokit;
  /** Creates or updates one file on main; answers the commit sha. */
  putFile(repo: string, path: string, content: string): Promise<string>;
  deleteFile(repo: string, path: string): Promise<void>;
  serviceRepo(service: string): Promise<string>;
}

export function forgeClient(devstack: Devstack): ForgeClient {
  const octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    // getContent's 404 for a file not written yet is expected.
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const putFile = async (repo: string, path: string, content: string) => {
    const existing = await octokit.rest.repos
      .getContent({ owner: 'acme', repo, path })
      .then(r => (r.data as { sha: string }).sha)
      .catch(() => undefined);
    const { data } = await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo,
      path,
      message: `update ${path}`,
      content: Buffer.from(content).toString('base64'),
      ...(existing && { sha: existing }),
    });
    return data.commit.sha!;
  };
  // Through the git data API: a commit on main whose tree drops the file.
  const deleteFile = async (repo: string, path: string) => {
    const owner = 'acme';
    const ref = await octokit.rest.git.getRef({
      owner,
      repo,
      ref: 'heads/main',
    });
    const head = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: ref.data.object.sha,
    });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: head.data.tree.sha,
      tree: [{ path, mode: '100644', type: 'blob', sha: null }],
    });
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: `remove ${path}`,
      tree: tree.data.sha,
      parents: [head.data.sha],
    });
    await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/main',
      sha: commit.data.sha,
    });
  };
  /** A service repository with deploy/deployment.yaml, as the new-service skeleton has it. */
  const serviceRepo = async (service: string) => {
    await octokit.rest.repos.createInOrg({ org: 'acme', name: service });
    return putFile(
      service,
      'deploy/deployment.yaml',
      stringify(deployment(service)),
    );
  };
  return { octokit, putFile, deleteFile, serviceRepo };
}

/** apps/<service>/<stage>.yaml as the contract with the new-service template describes it. */
export function serviceApplication(
  devstack: Devstack,
  service: string,
  stage: 'staging' | 'production',
  overrides: { tag?: string; path?: string; repo?: string } = {},
) {
  return stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${service}-${stage}`,
      namespace: 'argocd',
      labels: {
        'app.kubernetes.io/managed-by': 'runway',
        'runway.dev/service': service,
        'runway.dev/stage': stage,
      },
    },
    spec: {
      project: 'runway-services',
      source: {
        repoURL: `${devstack.urls.base}/acme/${overrides.repo ?? service}.git`,
        targetRevision: 'main',
        path: overrides.path ?? 'deploy',
        kustomize: {
          images: [
            `registry.acme.example/${service}:${overrides.tag ?? 'bootstrap'}`,
          ],
        },
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: `${service}-${stage}`,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: stage === 'staging' },
      },
    },
  });
}

/** A GET on the devstack with a bearer token, answering status and JSON. */
export async function getJson(url: string, token?: string) {
  const response = await fetch(url, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: await response.json() };
}
