import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { defaultPoliciesDir, loadPolicies } from '@runway/policy-engine';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import {
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { LimitRange, Namespace, ResourceQuota } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { EnvironmentSpec, ManifestSettings, renderEnvironment } from '.';

const settings: ManifestSettings = {
  baseDomain: 'env.acme.example',
  ingress: { className: 'nginx', controllerNamespace: 'ingress-nginx' },
  argocd: {
    namespace: 'argocd',
    project: 'runway-environments',
    server: 'https://kubernetes.default.svc',
  },
  fixturesImage: 'ghcr.io/acme/runway-fixtures:1.4.0',
};

const spec: EnvironmentSpec = {
  name: 'pr-42-checkout',
  type: 'feature',
  team: 'payments',
  requestedBy: 'user:default/jane',
  expiresAt: new Date('2026-12-08T16:30:00Z'),
  quota: { cpuCores: 2, memoryGiB: 4 },
  services: [
    {
      name: 'checkout-api',
      entityRef: 'component:default/checkout-api',
      repoUrl: 'https://github.com/acme/checkout-api.git',
      branch: 'feature/pr-42',
      path: 'deploy',
      port: 80,
    },
    {
      name: 'payments-api',
      entityRef: 'component:default/payments-api',
      repoUrl: 'https://github.com/acme/payments-api.git',
      branch: 'main',
      path: 'deploy',
      port: 8080,
    },
  ],
};

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Namespace,
  ResourceQuota,
  LimitRange,
  NetworkPolicy,
  Role,
  RoleBinding,
  Application,
  Ingress,
  Job,
};

describe('renderEnvironment', () => {
  const rendered = renderEnvironment(spec, settings);
  const fromFiles = Object.values(rendered.files).flatMap(text =>
    parseAllDocuments(text).map(d => d.toJS()),
  );

  it('writes the folder platform-config expects, and the same objects it applies directly', () => {
    expect(Object.keys(rendered.files).sort()).toEqual([
      'environments/pr-42-checkout/applications/checkout-api.yaml',
      'environments/pr-42-checkout/applications/payments-api.yaml',
      'environments/pr-42-checkout/fixtures-job.yaml',
      'environments/pr-42-checkout/ingress.yaml',
      'environments/pr-42-checkout/limitrange.yaml',
      'environments/pr-42-checkout/namespace.yaml',
      'environments/pr-42-checkout/networkpolicy.yaml',
      'environments/pr-42-checkout/resourcequota.yaml',
      'environments/pr-42-checkout/rolebinding.yaml',
    ]);
    expect(fromFiles).toHaveLength(rendered.manifests.length);
    expect(fromFiles).toEqual(expect.arrayContaining(rendered.manifests));
    expect(rendered.manifests[0].kind).toBe('Namespace');
  });

  it.each(Object.keys(MODELS))(
    'renders %s objects valid against the Kubernetes schemas',
    kind => {
      const objects = rendered.manifests.filter(m => m.kind === kind);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        expect(() => new MODELS[kind](object).validate()).not.toThrow();
      }
    },
  );

  it('labels every object for teardown, with owner, type and expiry', () => {
    for (const m of rendered.manifests) {
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'runway',
        'runway.dev/environment': 'pr-42-checkout',
        'runway.dev/owner': 'payments',
        'runway.dev/environment-type': 'feature',
        'runway.dev/expires-at': '2026-12-08T16-30-00Z',
      });
    }
    expect(rendered.namespace).toBe('env-pr-42-checkout');
    expect(
      rendered.manifests
        .filter(m => m.kind !== 'Namespace' && m.kind !== 'Application')
        .map(m => m.metadata.namespace),
    ).toEqual(Array(rendered.manifests.length - 3).fill('env-pr-42-checkout'));
  });

  it('passes every baseline policy', async () => {
    const policies = await loadPolicies(defaultPoliciesDir());
    const result = await policies.check(
      Object.entries(rendered.files).map(([path, content]) => ({
        path,
        content,
      })),
    );
    expect(result.files.filter(f => f.kind === 'skipped')).toEqual([]);
    expect(result.violations).toEqual([]);
    // The gate really looked: the namespace rule and the container rules matched something.
    expect(result.files.length).toBe(Object.keys(rendered.files).length);
  });

  it('deploys each service from its branch and serves it at <service>.<environment>.<domain>', () => {
    const apps = rendered.manifests.filter(m => m.kind === 'Application');
    expect(
      apps.map(a => [
        a.metadata.name,
        a.metadata.namespace,
        (a.spec as any).source,
      ]),
    ).toEqual([
      [
        'rw-pr-42-checkout-checkout-api',
        'argocd',
        {
          repoURL: 'https://github.com/acme/checkout-api.git',
          targetRevision: 'feature/pr-42',
          path: 'deploy',
        },
      ],
      [
        'rw-pr-42-checkout-payments-api',
        'argocd',
        {
          repoURL: 'https://github.com/acme/payments-api.git',
          targetRevision: 'main',
          path: 'deploy',
        },
      ],
    ]);
    const ingress = rendered.manifests.find(m => m.kind === 'Ingress')!;
    expect(ingress.metadata.annotations).toMatchObject({
      'external-dns.alpha.kubernetes.io/hostname':
        'checkout-api.pr-42-checkout.env.acme.example,payments-api.pr-42-checkout.env.acme.example',
    });
    expect(rendered.urls).toEqual({
      'checkout-api': 'https://checkout-api.pr-42-checkout.env.acme.example',
      'payments-api': 'https://payments-api.pr-42-checkout.env.acme.example',
    });
  });

  it('sizes the quota by type and binds only the owner team', () => {
    const big = renderEnvironment(
      { ...spec, type: 'performance', quota: { cpuCores: 16, memoryGiB: 32 } },
      settings,
    );
    expect(
      big.manifests.find(m => m.kind === 'ResourceQuota')!.spec,
    ).toMatchObject({
      hard: {
        'requests.cpu': '16',
        'limits.memory': '32Gi',
        'services.loadbalancers': '0',
      },
    });
    const binding = rendered.manifests.find(m => m.kind === 'RoleBinding')!;
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'team-payments',
      },
    ]);
    const role = rendered.manifests.find(m => m.kind === 'Role')!;
    expect(JSON.stringify(role.rules)).not.toMatch(/secrets|\*/);
  });
});
