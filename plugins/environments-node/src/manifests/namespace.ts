/**
 * The environment's namespace and its guard rails: quota and default limits sized by type, and
 * the owner team's Role (edit-like, no Secrets, no exec, read-only guard rails) with its binding.
 * A sandbox's Role is its engineer's (sandbox.ts).
 */
import { environmentNamespace } from '../labels';
import { metadataFor, specLabels } from './metadata';
import { EnvironmentSpec, KubernetesManifest } from './types';

export function namespaceManifest(spec: EnvironmentSpec): KubernetesManifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...metadataFor(spec, environmentNamespace(spec.name), ''),
      labels: {
        ...specLabels(spec),
        // A sandbox's engineer may exec into pods: they get the restricted standard to work in.
        'pod-security.kubernetes.io/enforce': spec.ownerUser
          ? 'restricted'
          : 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      annotations: {
        ...(spec.expiresAt && {
          'runway.dev/expires-at': spec.expiresAt.toISOString(),
        }),
        ...(spec.ownerUser && { 'runway.dev/owner-user': spec.ownerUser }),
        'runway.dev/requested-by': spec.requestedBy,
      },
    },
  };
}

/** ResourceQuota and LimitRange: the type's quota, no load balancers or node ports. */
export function quotaManifests(spec: EnvironmentSpec): KubernetesManifest[] {
  const { quota } = spec;
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: metadataFor(spec, 'environment-quota'),
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
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: metadataFor(spec, 'environment-limits'),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '512Mi' },
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            max: {
              cpu: String(quota.cpuCores),
              memory: `${quota.memoryGiB}Gi`,
            },
          },
        ],
      },
    },
  ];
}

const read = ['get', 'list', 'watch'];
const write = [...read, 'create', 'update', 'patch', 'delete'];

/** The owner team's rights, spelled out as in platform-config's service module. */
export function teamRoleManifests(spec: EnvironmentSpec): KubernetesManifest[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadataFor(spec, 'runway-team-edit'),
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
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadataFor(spec, 'runway-team-edit'),
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
    },
  ];
}
