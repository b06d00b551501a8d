/**
 * The per-type quotas and lifetime rules from `runway.environments`, read the same way by the
 * environments plugin (leases, cost) and the provisioning action (ResourceQuota, form limits).
 */
import { Config } from '@backstage/config';
import {
  DEFAULT_LIFETIME_RULES,
  ENVIRONMENT_TYPES,
  EnvironmentQuota,
  EnvironmentType,
  LifetimeRules,
} from '@runway/plugin-environments-common';

export const DEFAULT_QUOTAS: Record<EnvironmentType, EnvironmentQuota> = {
  feature: { cpuCores: 2, memoryGiB: 4 },
  staging: { cpuCores: 4, memoryGiB: 8 },
  performance: { cpuCores: 16, memoryGiB: 32 },
  // One person's namespace: the size of the Terraform sandbox it replaced (1 core, 2 GiB requested).
  sandbox: { cpuCores: 1, memoryGiB: 2 },
};

export function readEnvironmentQuotas(
  root: Config,
): Record<EnvironmentType, EnvironmentQuota> {
  const config = root.getOptionalConfig('runway.environments');
  const entries = ENVIRONMENT_TYPES.map(type => {
    const quota = config?.getOptionalConfig(`types.${type}.quota`);
    const fallback = DEFAULT_QUOTAS[type];
    return [
      type,
      {
        cpuCores: positive(
          `types.${type}.quota.cpuCores`,
          quota?.getOptionalNumber('cpuCores') ?? fallback.cpuCores,
        ),
        memoryGiB: positive(
          `types.${type}.quota.memoryGiB`,
          quota?.getOptionalNumber('memoryGiB') ?? fallback.memoryGiB,
        ),
      },
    ] as const;
  });
  return Object.fromEntries(entries) as Record<
    EnvironmentType,
    EnvironmentQuota
  >;
}

export function readLifetimeRules(root: Config): LifetimeRules {
  const config = root.getOptionalConfig('runway.environments');
  const d = DEFAULT_LIFETIME_RULES;
  const rules = {
    defaultLifetimeDays: positive(
      'defaultLifetimeDays',
      config?.getOptionalNumber('defaultLifetimeDays') ?? d.defaultLifetimeDays,
    ),
    maxLifetimeDays: positive(
      'maxLifetimeDays',
      config?.getOptionalNumber('maxLifetimeDays') ?? d.maxLifetimeDays,
    ),
  };
  if (rules.defaultLifetimeDays > rules.maxLifetimeDays) {
    throw new Error(
      `runway.environments.defaultLifetimeDays (${rules.defaultLifetimeDays}) is longer than maxLifetimeDays (${rules.maxLifetimeDays}); lower the default or raise the maximum.`,
    );
  }
  return rules;
}

/** A positive number from `runway.environments.<key>`, or an error naming the key. */
export function positive(key: string, value: number): number {
  if (!(value > 0)) {
    throw new Error(
      `runway.environments.${key} must be a positive number (got ${value}).`,
    );
  }
  return value;
}
