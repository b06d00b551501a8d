/** What `environment:create` reads from app-config once, at startup (config.d.ts documents each key). */
import { Config } from '@backstage/config';
import {
  EnvironmentQuota,
  EnvironmentType,
  LifetimeRules,
} from '@runway/plugin-environments-common';
import {
  EnvironmentDelivery,
  readEnvironmentDelivery,
  readEnvironmentQuotas,
  readLifetimeRules,
} from '@runway/plugin-environments-node';
import { ManifestSettings } from './manifests';

export interface EnvironmentActionSettings {
  manifests: ManifestSettings;
  delivery: EnvironmentDelivery;
  quotas: Record<EnvironmentType, EnvironmentQuota>;
  lifetime: LifetimeRules;
  /** GitHub host whose repositories Argo CD clones (runway.github.host). */
  githubHost: string;
  appBaseUrl: string;
  /** Milliseconds between GitHub writes (runway.github.writeIntervalMs). */
  writeIntervalMs?: number;
}

export function environmentActionSettings(
  root: Config,
): EnvironmentActionSettings {
  const config = root.getOptionalConfig('runway.environments');
  const org = root.getOptionalString('runway.github.org') ?? 'acme';
  return {
    manifests: {
      baseDomain:
        config?.getOptionalString('baseDomain') ?? `env.${org}.example`,
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
    },
    delivery: readEnvironmentDelivery(root),
    quotas: readEnvironmentQuotas(root),
    lifetime: readLifetimeRules(root),
    githubHost: root.getOptionalString('runway.github.host') ?? 'github.com',
    appBaseUrl: root.getString('app.baseUrl').replace(/\/+$/, ''),
    writeIntervalMs: root.getOptionalNumber('runway.github.writeIntervalMs'),
  };
}
