/**
 * Renders an ephemeral environment as Kubernetes manifests, laid out as platform-config's
 * `environments/<name>/` folder (examples/platform-config/environments/README.md): the namespace and
 * its guard rails (quota, limits, default-deny network policies, the owner team's Role), one Argo
 * CD Application per service on its branch, the Ingress hosts and the fixtures Job. Every object
 * carries the labels teardown selects by. Values are data handed to the YAML serializer, never
 * text pasted into YAML.
 */
import {
  EnvironmentQuota,
  EnvironmentType,
} from '@runway/plugin-environments-common';
import {
  environmentDirectory,
  environmentLabels,
  environmentNamespace,
  serviceApplicationName,
} from '@runway/plugin-environments-node';
import { stringify } from 'yaml';

export interface EnvironmentServiceSpec {
  /** The catalog entity's name: the Service, Ingress host and Application are named after it. */
  name: string;
  entityRef: string;
  /** Git URL Argo CD clones, e.g. https://github.com/acme/checkout-api.git */
  repoUrl: string;
  branch: string;
  /** Folder of the repository holding the service's manifests; default `deploy`. */
  path: string;
  /** Port of the service's Kubernetes Service; default 80. */
  port: number;
}

export interface EnvironmentSpec {
  name: string;
  type: EnvironmentType;
  /** The owner team's slug (its group's name). */
  team: string;
  requestedBy: string;
  expiresAt: Date;
  quota: EnvironmentQuota;
  services: EnvironmentServiceSpec[];
}

export interface ManifestSettings {
  /** Environments' DNS zone: service URLs are `<service>.<environment>.<baseDomain>`. */
  baseDomain: string;
  ingress: { className: string; controllerNamespace: string };
  argocd: { namespace: string; project: string; server: string };
  /** The fixtures image, pinned by tag or digest. */
  fixturesImage: string;
}

export interface KubernetesManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface RenderedEnvironment {
  namespace: string;
  /** In apply order: the Namespace first. */
  manifests: KubernetesManifest[];
  /** platform-config path → YAML (one or more documents). */
  files: Record<string, string>;
  /** Service name → its URL. */
  urls: Record<string, string>;
}

/** An RFC 3339 UTC time as a label value (labels allow no colons): 2026-12-08T16-30-00Z. */
const expiryLabel = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');

const serviceHost = (
  service: string,
  environment: string,
  baseDomain: string,
) => `${service}.${environment}.${baseDomain}`;

export function renderEnvironment(
  spec: EnvironmentSpec,
  settings: ManifestSettings,
): RenderedEnvironment {
  const namespace = environmentNamespace(spec.name);
  const labels = {
    ...environmentLabels(spec.name),
    'runway.dev/owner': spec.team,
    'runway.dev/environment-type': spec.type,
    'runway.dev/expires-at': expiryLabel(spec.expiresAt),
  };
  const meta = (name: string, ns: string | undefined = namespace) => ({
    name,
    ...(ns && { namespace: ns }),
    labels: { ...labels },
  });
  const { quota } = spec;
  const hosts = spec.services.map(s => ({
    service: s,
    host: serviceHost(s.name, spec.name, settings.baseDomain),
  }));

  const namespaceManifest: KubernetesManifest = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...meta(namespace, ''),
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      annotations: {
        'runway.dev/expires-at': spec.expiresAt.toISOString(),
        'runway.dev/requested-by': spec.requestedBy,
      },
    },
  };

  const resourceQuota: KubernetesManifest = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta('environment-quota'),
    spec: {
      hard: {
        'requests.cpu': String(quota.cpuCores),
        'limits.cpu': String(quota.cpuCores),
        'requests.memory': `${quota.memoryGiB}Gi`,
        'limits.memory': `${quota.memoryGiB}Gi`,
        pods: String(quota.cpuCores * 10),
        'requests.storage': `${quota.memoryGiB * 4}Gi`,
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      },
    },
  };

  const limitRange: KubernetesManifest = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('environment-limits'),
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '512Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          max: { cpu: String(quota.cpuCores), memory: `${quota.memoryGiB}Gi` },
        },
      ],
    },
  };

  const networkPolicy = (name: string, spec_: object): KubernetesManifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec: spec_,
  });
  const networkPolicies = [
    networkPolicy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    networkPolicy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
              },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    networkPolicy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    networkPolicy('allow-ingress-controller', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: {
                  'kubernetes.io/metadata.name':
                    settings.ingress.controllerNamespace,
                },
              },
            },
          ],
        },
      ],
    }),
  ];

  const read = ['get', 'list', 'watch'];
  const write = [...read, 'create', 'update', 'patch', 'delete'];
  // The platform's edit-like rights, spelled out as in platform-config's service module: no
  // Secrets (Vault holds credentials), no exec, read-only guard rails.
  const role: KubernetesManifest = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('runway-team-edit'),
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps', 'services', 'persistentvolumeclaims'],
        verbs: write,
      },
      { apiGroups: [''], resources: ['pods'], verbs: [...read, 'delete'] },
      {
        apiGroups: [''],
        resources: [
          'pods/log',
          'events',
          'endpoints',
          'serviceaccounts',
          'resourcequotas',
          'limitranges',
        ],
        verbs: read,
      },
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets'],
        verbs: write,
      },
      {
        apiGroups: ['apps'],
        resources: ['deployments/scale', 'statefulsets/scale'],
        verbs: ['get', 'update', 'patch'],
      },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: write },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses'],
        verbs: write,
      },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['networkpolicies'],
        verbs: read,
      },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles', 'rolebindings'],
        verbs: read,
      },
    ],
  };
  const roleBinding: KubernetesManifest = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('runway-team-edit'),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'runway-team-edit',
    },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: `team-${spec.team}`,
      },
    ],
  };

  const applications = spec.services.map(
    (s): KubernetesManifest => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        ...meta(
          serviceApplicationName(spec.name, s.name),
          settings.argocd.namespace,
        ),
        annotations: { 'runway.dev/entity-ref': s.entityRef },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      } as KubernetesManifest['metadata'],
      spec: {
        project: settings.argocd.project,
        source: {
          repoURL: s.repoUrl,
          targetRevision: s.branch,
          path: s.path,
        },
        destination: { server: settings.argocd.server, namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=false'],
        },
      },
    }),
  );

  const ingress: KubernetesManifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...meta('environment'),
      annotations: {
        'external-dns.alpha.kubernetes.io/hostname': hosts
          .map(h => h.host)
          .join(','),
        'external-dns.alpha.kubernetes.io/ttl': '60',
      },
    },
    spec: {
      ingressClassName: settings.ingress.className,
      rules: hosts.map(({ service, host }) => ({
        host,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: {
                service: { name: service.name, port: { number: service.port } },
              },
            },
          ],
        },
      })),
    },
  };

  const fixturesJob: KubernetesManifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      ...meta('fixtures'),
      annotations: {
        // Argo CD runs it once the services are synced, and again after each re-sync.
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'fixtures',
              image: settings.fixturesImage,
              args: ['load', '--environment', spec.name],
              env: [
                { name: 'RUNWAY_ENVIRONMENT', value: spec.name },
                { name: 'RUNWAY_ENVIRONMENT_TYPE', value: spec.type },
                {
                  name: 'RUNWAY_SERVICES',
                  value: JSON.stringify(
                    Object.fromEntries(
                      spec.services.map(s => [
                        s.name,
                        `http://${s.name}.${namespace}.svc:${s.port}`,
                      ]),
                    ),
                  ),
                },
              ],
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  };

  const dir = environmentDirectory(spec.name);
  const yaml = (docs: KubernetesManifest[]) =>
    docs.map(d => stringify(d, { lineWidth: 0 })).join('---\n');
  const files: Record<string, string> = {
    [`${dir}/namespace.yaml`]: yaml([namespaceManifest]),
    [`${dir}/resourcequota.yaml`]: yaml([resourceQuota]),
    [`${dir}/limitrange.yaml`]: yaml([limitRange]),
    [`${dir}/networkpolicy.yaml`]: yaml(networkPolicies),
    [`${dir}/rolebinding.yaml`]: yaml([role, roleBinding]),
    ...Object.fromEntries(
      spec.services.map((s, i) => [
        `${dir}/applications/${s.name}.yaml`,
        yaml([applications[i]]),
      ]),
    ),
    [`${dir}/ingress.yaml`]: yaml([ingress]),
    [`${dir}/fixtures-job.yaml`]: yaml([fixturesJob]),
  };
  return {
    namespace,
    manifests: [
      namespaceManifest,
      resourceQuota,
      limitRange,
      ...networkPolicies,
      role,
      roleBinding,
      ...applications,
      ingress,
      fixturesJob,
    ],
    files,
    urls: Object.fromEntries(
      hosts.map(({ service, host }) => [service.name, `https://${host}`]),
    ),
  };
}
