/**
 * platform-config's Argo CD setup (examples/platform-config/argocd) against what Runway renders:
 * the folder's project admits exactly Runway's manifests, and the services' project keeps a
 * branch's manifests inside env-* namespaces.
 */
import { ConfigReader } from '@backstage/config';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { environmentApplicationName } from '../labels';
import { readManifestSettings, renderEnvironment } from '.';

const ARGOCD_DIR = path.resolve(
  __dirname,
  '../../../../examples/platform-config/argocd',
);
const read = (file: string) =>
  parseAllDocuments(fs.readFileSync(path.join(ARGOCD_DIR, file), 'utf8')).map(
    d => d.toJS(),
  );

type GroupKind = { group: string; kind: string };
interface AppProject {
  metadata: { name: string };
  spec: {
    destinations: Array<{ server: string; namespace: string }>;
    clusterResourceWhitelist?: GroupKind[];
    namespaceResourceWhitelist?: GroupKind[];
  };
}
const projects: AppProject[] = read('appproject.yaml');
const project = (name: string) => {
  const found = projects.find(p => p.metadata.name === name);
  if (!found) throw new Error(`appproject.yaml has no AppProject ${name}`);
  return found;
};
const [applicationSet] = read('applicationset.yaml');
const template = applicationSet.spec.template;

// Argo CD's destination globs, as far as these projects use them (`*` only).
const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const glob = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`);
const admitsNamespace = (p: AppProject, namespace: string) =>
  p.spec.destinations.some(d => glob(d.namespace).test(namespace));
const groupKind = (apiVersion: string, kind: string) => ({
  group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
  kind,
});
const listed = (list: GroupKind[] | undefined, gk: GroupKind) =>
  (list ?? []).some(e => e.group === gk.group && e.kind === gk.kind);

const settings = readManifestSettings(
  new ConfigReader({ runway: { github: { org: 'acme' } } }),
);
const rendered = renderEnvironment(
  {
    name: 'pr-42',
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
        branch: 'pr-42',
        path: 'deploy',
        port: 80,
      },
    ],
  },
  settings,
);

describe('the ApplicationSet of environment folders', () => {
  it('names each folder’s Application as Runway does, with Runway’s labels', () => {
    expect(
      template.metadata.name.replace('{{ .path.basename }}', 'pr-42'),
    ).toBe(environmentApplicationName('pr-42'));
    expect(template.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'runway',
      'runway.dev/environment': '{{ .path.basename }}',
    });
  });

  it('fails a sync rather than take over an Application another one tracks', () => {
    expect(template.spec.syncPolicy.syncOptions).toContain(
      'FailOnSharedResource=true',
    );
  });

  it('admits every object Runway renders into the folder, and only where Runway puts it', () => {
    const folders = project(template.spec.project);
    const namespaced = rendered.manifests.filter(m => m.metadata.namespace);
    const clusterScoped = rendered.manifests.filter(m => !m.metadata.namespace);
    const refused = (
      manifests: typeof namespaced,
      list: GroupKind[] | undefined,
    ) =>
      manifests
        .filter(m => !listed(list, groupKind(m.apiVersion, m.kind)))
        .map(m => m.kind);
    expect(
      refused(namespaced, folders.spec.namespaceResourceWhitelist),
    ).toEqual([]);
    expect(
      refused(clusterScoped, folders.spec.clusterResourceWhitelist),
    ).toEqual([]);
    expect(
      namespaced
        .map(m => m.metadata.namespace!)
        .filter(namespace => !admitsNamespace(folders, namespace)),
    ).toEqual([]);
    expect(folders.spec.destinations.map(d => d.namespace).sort()).toEqual([
      settings.argocd.namespace,
      'env-*',
    ]);
    expect(folders.spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' },
    ]);
  });
});

describe('the project of the service Applications (a branch’s manifests)', () => {
  const services = project(settings.argocd.project);

  it('is the project Runway’s service Applications name', () => {
    const apps = rendered.manifests.filter(m => m.kind === 'Application');
    expect(apps.map(a => (a.spec as any).project)).toEqual([
      services.metadata.name,
    ]);
    expect(services.metadata.name).not.toBe(template.spec.project);
  });

  it('deploys into env-* namespaces only', () => {
    expect(services.spec.destinations.map(d => d.namespace)).toEqual(['env-*']);
    for (const namespace of [
      'argocd',
      'kube-system',
      'default',
      'vault',
      'payments',
    ]) {
      expect([namespace, admitsNamespace(services, namespace)]).toEqual([
        namespace,
        false,
      ]);
    }
    expect(admitsNamespace(services, 'env-pr-42')).toBe(true);
  });

  it('allows no cluster-scoped kind, and none that widens rights or leaves the namespace', () => {
    expect(services.spec.clusterResourceWhitelist ?? []).toEqual([]);
    const forbidden: GroupKind[] = [
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      { group: 'argoproj.io', kind: 'Application' },
      { group: 'argoproj.io', kind: 'ApplicationSet' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'networking.k8s.io', kind: 'Ingress' },
      { group: '', kind: 'ResourceQuota' },
      { group: '', kind: 'LimitRange' },
      { group: '', kind: 'Secret' },
    ];
    for (const gk of forbidden) {
      expect([
        gk.kind,
        listed(services.spec.namespaceResourceWhitelist, gk),
      ]).toEqual([gk.kind, false]);
    }
    expect(
      (services.spec.namespaceResourceWhitelist ?? []).filter(
        e => e.group === '*' || e.kind === '*',
      ),
    ).toEqual([]);
  });
});
