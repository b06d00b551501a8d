/**
 * Default deny, then only DNS, traffic inside the namespace and the ingress controller's (only
 * when services run there: a sandbox has no Ingress, so nothing comes in).
 */
import { metadataFor } from './metadata';
import { EnvironmentSpec, KubernetesManifest, ManifestSettings } from './types';

const namespaceNamed = (name: string) => ({
  namespaceSelector: {
    matchLabels: { 'kubernetes.io/metadata.name': name },
  },
});

export function networkPolicyManifests(
  spec: EnvironmentSpec,
  settings: Pick<ManifestSettings, 'ingress'>,
): KubernetesManifest[] {
  const policy = (name: string, body: object): KubernetesManifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadataFor(spec, name),
    spec: body,
  });
  return [
    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [namespaceNamed('kube-system')],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    ...(spec.services.length > 0
      ? [
          policy('allow-ingress-controller', {
            podSelector: {},
            policyTypes: ['Ingress'],
            ingress: [
              { from: [namespaceNamed(settings.ingress.controllerNamespace)] },
            ],
          }),
        ]
      : []),
  ];
}
