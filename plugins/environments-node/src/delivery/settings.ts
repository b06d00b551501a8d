/**
 * `runway.environments.delivery`: how an environment's manifests reach the cluster. Read once by
 * `createEnvironmentDelivery`, for the provisioning action (to deliver) and the environments plugin
 * (to tear down) alike, so both always agree on the repository or the cluster.
 */
import { Config } from '@backstage/config';
import { readGithubSettings } from '@runway/platform-node';

export interface GitopsDeliverySettings {
  mode: 'gitops';
  /** GitHub host of platform-config, e.g. github.com (or the devstack's host). */
  host: string;
  owner: string;
  repo: string;
  /**
   * `push`: commit `environments/<name>/` on the default branch, where Argo CD picks it up (the
   * policy gate is the review). `pull-request`: open a pull request for a human to merge.
   */
  via: 'push' | 'pull-request';
}

export interface KubernetesCluster {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
}

export interface DirectDeliverySettings {
  mode: 'direct';
  cluster: KubernetesCluster;
}

export type DeliverySettings = GitopsDeliverySettings | DirectDeliverySettings;

export function readDeliverySettings(root: Config): DeliverySettings {
  const config = root.getOptionalConfig('runway.environments.delivery');
  const mode = config?.getOptionalString('mode') ?? 'gitops';
  if (mode === 'direct') {
    return {
      mode,
      cluster: readCluster(root, config?.getOptionalString('cluster')),
    };
  }
  if (mode !== 'gitops') {
    throw new Error(
      `runway.environments.delivery.mode must be gitops or direct (got ${JSON.stringify(
        mode,
      )}).`,
    );
  }
  const via = config?.getOptionalString('via') ?? 'push';
  if (via !== 'push' && via !== 'pull-request') {
    throw new Error(
      `runway.environments.delivery.via must be push or pull-request (got ${JSON.stringify(
        via,
      )}).`,
    );
  }
  const github = readGithubSettings(root);
  return {
    mode,
    via,
    host: github.host,
    owner: github.org,
    repo:
      config?.getOptionalString('platformConfigRepo') ??
      github.platformConfigRepo,
  };
}

/**
 * A cluster listed under `kubernetes.clusterLocatorMethods` (type config), the same list the
 * Kubernetes plugin shows workloads from; `name` may be omitted when there is exactly one.
 */
function readCluster(root: Config, name?: string): KubernetesCluster {
  const clusters = (
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
  const names = clusters.map(c => c.getString('name'));
  const only = clusters.length === 1 ? clusters[0] : undefined;
  const chosen = name ? clusters.find(c => c.getString('name') === name) : only;
  if (!chosen) {
    throw new Error(
      name
        ? `runway.environments.delivery.cluster is ${name}, which is not under kubernetes.clusterLocatorMethods (type config); clusters there: ${
            names.join(', ') || 'none'
          }.`
        : `runway.environments.delivery.mode is direct: set runway.environments.delivery.cluster to one of ${
            names.join(', ') ||
            '(no cluster is configured under kubernetes.clusterLocatorMethods)'
          }.`,
    );
  }
  return {
    name: chosen.getString('name'),
    url: chosen.getString('url'),
    serviceAccountToken: chosen.getOptionalString('serviceAccountToken'),
    caData: chosen.getOptionalString('caData'),
    skipTLSVerify: chosen.getOptionalBoolean('skipTLSVerify') ?? false,
  };
}
