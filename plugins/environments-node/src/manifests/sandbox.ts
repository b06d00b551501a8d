/**
 * A sandbox's Role and its binding: the engineer alone (not their team) may run and debug
 * workloads in their own namespace, including `exec` and `port-forward`; still no Secrets, and the
 * guard rails are read-only.
 */
import { metadataFor, userName } from './metadata';
import { EnvironmentSpec, KubernetesManifest, ManifestSettings } from './types';

const read = ['get', 'list', 'watch'];
const write = [...read, 'create', 'update', 'patch', 'delete'];

export const SANDBOX_ROLE = 'runway-sandbox-owner';

/** The Kubernetes user a sandbox's engineer signs in as. */
export const sandboxKubernetesUser = (
  ownerUser: string,
  settings: Pick<ManifestSettings, 'kubernetesUserPrefix'>,
) => `${settings.kubernetesUserPrefix}${userName(ownerUser)}`;

export function sandboxRoleManifests(
  spec: EnvironmentSpec & { ownerUser: string },
  settings: Pick<ManifestSettings, 'kubernetesUserPrefix'>,
): KubernetesManifest[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadataFor(spec, SANDBOX_ROLE),
      rules: [
        {
          apiGroups: [''],
          resources: [
            'pods',
            'configmaps',
            'services',
            'persistentvolumeclaims',
          ],
          verbs: write,
        },
        {
          apiGroups: [''],
          resources: [
            'pods/log',
            'events',
            'endpoints',
            'resourcequotas',
            'limitranges',
          ],
          verbs: read,
        },
        {
          apiGroups: [''],
          resources: ['pods/exec', 'pods/portforward'],
          verbs: ['get', 'create'],
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'statefulsets'],
          verbs: write,
        },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: write },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['networkpolicies'],
          verbs: read,
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadataFor(spec, SANDBOX_ROLE),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: SANDBOX_ROLE,
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'User',
          name: sandboxKubernetesUser(spec.ownerUser, settings),
        },
      ],
    },
  ];
}
