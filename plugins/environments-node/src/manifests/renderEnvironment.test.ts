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
  kubernetesUserPrefix: '',
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

describe('renderEnvironment of a sandbox', () => {
  const sandbox: EnvironmentSpec = {
    name: 'sandbox-ada-lovelace',
    type: 'sandbox',
    team: 'payments',
    ownerUser: 'user:default/ada-lovelace',
    requestedBy: 'user:default/ada-lovelace',
    quota: { cpuCores: 1, memoryGiB: 2 },
    services: [],
  };
  const rendered = renderEnvironment(sandbox, {
    ...settings,
    kubernetesUserPrefix: 'oidc:',
  });

  it('is the namespace, its guard rails and the engineer’s Role: nothing to deploy or reach', () => {
    expect(Object.keys(rendered.files).sort()).toEqual([
      'environments/sandbox-ada-lovelace/limitrange.yaml',
      'environments/sandbox-ada-lovelace/namespace.yaml',
      'environments/sandbox-ada-lovelace/networkpolicy.yaml',
      'environments/sandbox-ada-lovelace/resourcequota.yaml',
      'environments/sandbox-ada-lovelace/rolebinding.yaml',
    ]);
    expect(rendered.manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual(
      [
        'Namespace/env-sandbox-ada-lovelace',
        'ResourceQuota/environment-quota',
        'LimitRange/environment-limits',
        'NetworkPolicy/default-deny',
        'NetworkPolicy/allow-dns',
        'NetworkPolicy/allow-same-namespace',
        'Role/runway-sandbox-owner',
        'RoleBinding/runway-sandbox-owner',
      ],
    );
    expect(rendered.urls).toEqual({});
    for (const object of rendered.manifests) {
      expect(() => new MODELS[object.kind](object).validate()).not.toThrow();
    }
  });

  it('binds the engineer alone, as their Kubernetes user, with exec and no Secrets', () => {
    const binding = rendered.manifests.find(m => m.kind === 'RoleBinding')!;
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'User',
        name: 'oidc:ada-lovelace',
      },
    ]);
    const rules = JSON.stringify(
      rendered.manifests.find(m => m.kind === 'Role')!.rules,
    );
    expect(rules).toContain('pods/exec');
    expect(rules).not.toMatch(/secrets|\*|team-/);
  });

  it('says it never expires: no expiry label or annotation, the engineer named, restricted pods', () => {
    const namespace = rendered.manifests[0];
    for (const m of rendered.manifests) {
      expect(m.metadata.labels).toEqual({
        'app.kubernetes.io/managed-by': 'runway',
        'runway.dev/environment': 'sandbox-ada-lovelace',
        'runway.dev/owner': 'payments',
        'runway.dev/environment-type': 'sandbox',
        'runway.dev/engineer': 'ada-lovelace',
        ...(m.kind === 'Namespace' && {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        }),
      });
    }
    expect(namespace.metadata.annotations).toEqual({
      'runway.dev/owner-user': 'user:default/ada-lovelace',
      'runway.dev/requested-by': 'user:default/ada-lovelace',
    });
    expect(
      rendered.manifests.find(m => m.kind === 'ResourceQuota')!.spec,
    ).toMatchObject({
      hard: { 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '10' },
    });
  });

  it('passes every baseline policy', async () => {
    const policies = await loadPolicies(defaultPoliciesDir());
    const result = await policies.check(
      Object.entries(rendered.files).map(([path, content]) => ({
        path,
        content,
      })),
    );
    expect(result.violations).toEqual([]);
    expect(result.files.filter(f => f.kind === 'skipped')).toEqual([]);
  });
});
