/** The Ingress that gives each service `https://<service>.<environment>.<baseDomain>`, with external-dns. */
import { metadataFor } from './metadata';
import { EnvironmentSpec, KubernetesManifest, ManifestSettings } from './types';

/** Service name → its host. */
export function serviceHosts(
  spec: EnvironmentSpec,
  settings: Pick<ManifestSettings, 'baseDomain'>,
): Record<string, string> {
  return Object.fromEntries(
    spec.services.map(s => [
      s.name,
      `${s.name}.${spec.name}.${settings.baseDomain}`,
    ]),
  );
}

export function ingressManifest(
  spec: EnvironmentSpec,
  settings: Pick<ManifestSettings, 'baseDomain' | 'ingress'>,
): KubernetesManifest {
  const hosts = serviceHosts(spec, settings);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...metadataFor(spec, 'environment'),
      annotations: {
        'external-dns.alpha.kubernetes.io/hostname':
          Object.values(hosts).join(','),
        'external-dns.alpha.kubernetes.io/ttl': '60',
      },
    },
    spec: {
      ingressClassName: settings.ingress.className,
      rules: spec.services.map(service => ({
        host: hosts[service.name],
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
}
