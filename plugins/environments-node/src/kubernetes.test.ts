import { KubernetesApiStandIn } from '@runway/devstack';
import { setupServer } from 'msw/node';
import {
  applyManifests,
  deleteEnvironmentResources,
  kubeConfigFor,
} from './kubernetes';
import { environmentLabels } from './labels';

const cluster = {
  name: 'test',
  url: 'https://k8s.runway.test:6443',
  serviceAccountToken: 'token',
  skipTLSVerify: true,
};
let api: KubernetesApiStandIn;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  api = new KubernetesApiStandIn(cluster.url);
  server.resetHandlers(...api.handlers());
});

const labelled = (env: string) => ({ labels: environmentLabels(env) });
const manifests = (env: string) => [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `env-${env}`, ...labelled(env) },
  },
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace: `env-${env}`, ...labelled(env) },
    spec: { hard: { 'requests.cpu': '2' } },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `rw-${env}-api`, namespace: 'argocd', ...labelled(env) },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://example.test/api.git',
        targetRevision: 'main',
        path: 'deploy',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: `env-${env}`,
      },
    },
  },
];

describe('applyManifests', () => {
  it('server-side applies each manifest as the runway field manager, and again without change', async () => {
    const kc = kubeConfigFor(cluster);
    const applied = await applyManifests(kc, manifests('demo'));
    expect(applied.map(r => r.kind)).toEqual([
      'Namespace',
      'ResourceQuota',
      'Application',
    ]);
    const patches = api.requests.filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(3);
    expect(
      patches.map(p => [p.contentType, p.query.fieldManager, p.status]),
    ).toEqual([
      ['application/apply-patch+yaml', 'runway', 201],
      ['application/apply-patch+yaml', 'runway', 201],
      ['application/apply-patch+yaml', 'runway', 201],
    ]);
    expect(api.get('ResourceQuota', 'quota', 'env-demo')?.spec).toEqual({
      hard: { 'requests.cpu': '2' },
    });

    await applyManifests(kc, manifests('demo'));
    expect(
      api.list('Namespace').filter(n => n.metadata.name === 'env-demo'),
    ).toHaveLength(1);
    expect(
      api.requests
        .filter(r => r.method === 'PATCH')
        .slice(3)
        .map(p => p.status),
    ).toEqual([200, 200, 200]);
  });

  it('names the resource and gives the API server’s reason when it refuses one', async () => {
    const bad = manifests('demo');
    (bad[1] as any).spec = { hard: 'lots' };
    await expect(applyManifests(kubeConfigFor(cluster), bad)).rejects.toThrow(
      /Kubernetes: could not apply ResourceQuota env-demo\/quota: 422 ResourceQuota "quota" is invalid/,
    );
  });

  it('refuses to take over an object of the same name that is not the environment’s', async () => {
    const kc = kubeConfigFor(cluster);
    const ours = manifests('demo')[2];
    const theirs = {
      ...ours,
      metadata: { name: 'rw-demo-api', namespace: 'argocd', labels: {} },
      spec: { ...ours.spec, project: 'payments' },
    };
    await applyManifests(kc, [theirs]);

    await expect(applyManifests(kc, manifests('demo'))).rejects.toThrow(
      "Kubernetes: Application argocd/rw-demo-api already exists and is not Runway's for environment demo, so Runway will not take it over; nothing more was applied.",
    );
    expect(api.get('Application', 'rw-demo-api', 'argocd')?.spec).toEqual(
      theirs.spec,
    );
    // Another environment's is not this one's either.
    await expect(
      applyManifests(kc, [
        {
          ...manifests('demo')[0],
          metadata: { name: 'env-demo', ...labelled('other') },
        },
      ]),
    ).rejects.toThrow(
      /Namespace env-demo already exists and is not Runway's for environment other/,
    );
  });
});

describe('deleteEnvironmentResources', () => {
  it('deletes only the environment’s labelled Applications and namespace, and is safe to repeat', async () => {
    const kc = kubeConfigFor(cluster);
    await applyManifests(kc, [...manifests('demo'), ...manifests('other')]);
    await applyManifests(kc, [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'env-demo-lookalike',
          labels: { 'runway.dev/environment': 'demo' },
        },
      },
    ]);

    const deleted = await deleteEnvironmentResources(kc, 'demo');

    expect(deleted.map(d => `${d.kind} ${d.name}`)).toEqual([
      'Application rw-demo-api',
      'Namespace env-demo',
    ]);
    expect(api.get('Namespace', 'env-demo')).toBeUndefined();
    expect(api.get('ResourceQuota', 'quota', 'env-demo')).toBeUndefined();
    expect(api.get('Namespace', 'env-other')).toBeDefined();
    expect(api.get('Application', 'rw-other-api', 'argocd')).toBeDefined();
    // Not managed by Runway: the label selector alone keeps it out.
    expect(api.get('Namespace', 'env-demo-lookalike')).toBeDefined();
    const lists = api.requests.filter(
      r => r.method === 'GET' && r.query.labelSelector,
    );
    expect(lists.map(l => l.query.labelSelector)).toEqual([
      'app.kubernetes.io/managed-by=runway,runway.dev/environment=demo',
      'app.kubernetes.io/managed-by=runway,runway.dev/environment=demo',
    ]);

    await expect(deleteEnvironmentResources(kc, 'demo')).resolves.toEqual([]);
  });

  it('leaves a namespace that is already terminating alone, so a retried teardown finishes', async () => {
    const kc = kubeConfigFor(cluster);
    await applyManifests(kc, manifests('demo'));
    // What a real API server shows while a deleted namespace's content is removed.
    const namespace = api.get('Namespace', 'env-demo')!;
    (namespace.metadata as Record<string, unknown>).deletionTimestamp =
      '2026-12-01T10:00:00Z';

    const deleted = await deleteEnvironmentResources(kc, 'demo');

    expect(deleted.map(d => d.kind)).not.toContain('Namespace');
    expect(
      api.requests.filter(
        r => r.method === 'DELETE' && r.path.includes('/namespaces/env-demo'),
      ),
    ).toEqual([]);
  });

  it('deletes nothing when an Application labelled for the environment lacks Runway’s name prefix', async () => {
    const kc = kubeConfigFor(cluster);
    await applyManifests(kc, manifests('payments'));
    // Someone else's Application, which once got the environment's labels.
    await applyManifests(kc, [
      {
        ...manifests('payments')[2],
        metadata: {
          name: 'payments-api',
          namespace: 'argocd',
          ...labelled('payments'),
        },
      },
    ]);

    await expect(deleteEnvironmentResources(kc, 'payments')).rejects.toThrow(
      'Kubernetes: Application argocd/payments-api is labelled for environment payments but not named rw-..., as Runway names its Applications; nothing was deleted.',
    );
    expect(api.requests.filter(r => r.method === 'DELETE')).toEqual([]);
    expect(api.get('Application', 'payments-api', 'argocd')).toBeDefined();
    expect(api.get('Namespace', 'env-payments')).toBeDefined();
  });

  it('fails, so the teardown is retried, when the API server errors', async () => {
    const kc = kubeConfigFor(cluster);
    await applyManifests(kc, manifests('demo'));
    api.failNext('DELETE', 503);
    await expect(deleteEnvironmentResources(kc, 'demo')).rejects.toThrow(
      /could not delete Application argocd\/rw-demo-api: 503/,
    );
    await expect(deleteEnvironmentResources(kc, 'demo')).resolves.toHaveLength(
      2,
    );
  });
});
