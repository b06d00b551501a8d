/** What `environment:create` reads from app-config once, at startup (config.d.ts files document each key). */
import { Config } from '@backstage/config';
import {
  EnvironmentQuota,
  EnvironmentType,
  LifetimeRules,
} from '@runway/plugin-environments-common';
import {
  ManifestSettings,
  readEnvironmentQuotas,
  readLifetimeRules,
  readEnvironmentHealthSettings,
  readManifestSettings,
} from '@runway/plugin-environments-node';
import { GithubSettings, readRunwaySettings } from '@runway/platform-node';

export interface EnvironmentActionSettings {
  manifests: ManifestSettings;
  quotas: Record<EnvironmentType, EnvironmentQuota>;
  lifetime: LifetimeRules;
  /** The forge Argo CD clones from, and the client settings for pull request comments. */
  github: GithubSettings;
  appBaseUrl: string;
  /** `runway.policies.dir`; undefined means the baseline policies. */
  policiesDir?: string;
  /**
   * Argo CD is configured (runway.environments.argocd.url) and delivery is GitOps: the lease stays
   * provisioning, and the environments plugin marks it ready (and comments) once Argo CD reports
   * it Healthy.
   */
  readyWhenHealthy: boolean;
}

export function environmentActionSettings(
  root: Config,
): EnvironmentActionSettings {
  const runway = readRunwaySettings(root);
  return {
    manifests: readManifestSettings(root),
    quotas: readEnvironmentQuotas(root),
    lifetime: readLifetimeRules(root),
    github: runway.github,
    appBaseUrl: runway.appBaseUrl,
    policiesDir: runway.policiesDir,
    readyWhenHealthy: readEnvironmentHealthSettings(root) !== undefined,
  };
}
