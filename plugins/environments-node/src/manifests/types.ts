/** What an environment is rendered from, the settings rendering reads, and what it produces. */
import {
  EnvironmentQuota,
  EnvironmentType,
} from '@runway/plugin-environments-common';

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
  /** The owner team's slug (its group's name); a sandbox's cost owner. */
  team: string;
  /**
   * A sandbox's engineer, a User entity ref: its Role is bound to them alone (the Kubernetes user
   * `<kubernetesUserPrefix><their entity's name>`), not to the team.
   */
  ownerUser?: string;
  requestedBy: string;
  /** Absent for a sandbox, which has no expiry. */
  expiresAt?: Date;
  quota: EnvironmentQuota;
  /** None for a sandbox. */
  services: EnvironmentServiceSpec[];
}

export interface ManifestSettings {
  /** Environments' DNS zone: service URLs are `<service>.<environment>.<baseDomain>`. */
  baseDomain: string;
  ingress: { className: string; controllerNamespace: string };
  argocd: { namespace: string; project: string; server: string };
  /** The fixtures image, pinned by tag or digest. */
  fixturesImage: string;
  /** What the cluster's authenticator puts before user names (e.g. `oidc:`); '' for nothing. */
  kubernetesUserPrefix: string;
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
