/** `runway.environments` keys that shape the rendered manifests (config.d.ts documents each). */
import { Config } from '@backstage/config';
import { readGithubSettings } from '@runway/platform-node';
import { ManifestSettings } from './types';

export function readManifestSettings(root: Config): ManifestSettings {
  const config = root.getOptionalConfig('runway.environments');
  const { org } = readGithubSettings(root);
  return {
    baseDomain: config?.getOptionalString('baseDomain') ?? `env.${org}.example`,
    ingress: {
      className: config?.getOptionalString('ingress.className') ?? 'nginx',
      controllerNamespace:
        config?.getOptionalString('ingress.controllerNamespace') ??
        'ingress-nginx',
    },
    argocd: {
      namespace: config?.getOptionalString('argocd.namespace') ?? 'argocd',
      project:
        config?.getOptionalString('argocd.project') ?? 'runway-environments',
      server:
        config?.getOptionalString('argocd.destinationServer') ??
        'https://kubernetes.default.svc',
    },
    fixturesImage:
      config?.getOptionalString('fixturesImage') ??
      `ghcr.io/${org}/runway-fixtures:1.0.0`,
    kubernetesUserPrefix:
      config?.getOptionalString('kubernetesUserPrefix') ?? '',
  };
}
