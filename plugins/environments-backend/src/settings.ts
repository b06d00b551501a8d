/**
 * `runway.environments.*`, read once when the plugin starts, with Runway's defaults (config.d.ts
 * documents each key).
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import {
  DEFAULT_LIFETIME_RULES,
  EnvironmentQuota,
  EnvironmentRates,
  EnvironmentType,
  LifetimeRules,
} from '@runway/plugin-environments-common';
import {
  DEFAULT_QUOTAS,
  EnvironmentHealthSettings,
  positive,
  readEnvironmentHealthSettings,
  readEnvironmentQuotas,
  readLifetimeRules,
  readManifestSettings,
} from '@runway/plugin-environments-node';
import {
  SlackSettings,
  readAppBaseUrl,
  readSlackSettings,
} from '@runway/platform-node';

export interface EnvironmentsSettings {
  lifetime: LifetimeRules;
  warnBeforeHours: number;
  /** Feature environments without activity for this long are torn down. */
  idleHours: number;
  /** How long before an idle teardown the owners are warned (less than `idleHours`). */
  idleWarnBeforeHours: number;
  sweep: { enabled: boolean; interval: HumanDuration; timeout: HumanDuration };
  quotas: Record<EnvironmentType, EnvironmentQuota>;
  rates: EnvironmentRates & { currency: string };
  /** The Backstage app, for links in notifications and Slack. */
  appBaseUrl: string;
  slack?: SlackSettings;
  /**
   * `runway.environments.baseDomain` (documented by @runway/plugin-environments-node): an
   * environment's URLs are under `<environment>.<baseDomain>`.
   */
  baseDomain: string;
  /**
   * `runway.environments.argocd` (documented by @runway/plugin-environments-node): set when Argo
   * CD's health decides readiness, so the health watcher runs.
   */
  health?: EnvironmentHealthSettings;
}

export const DEFAULT_SETTINGS: EnvironmentsSettings = {
  lifetime: DEFAULT_LIFETIME_RULES,
  warnBeforeHours: 24,
  idleHours: 24,
  idleWarnBeforeHours: 4,
  sweep: { enabled: true, interval: { minutes: 1 }, timeout: { minutes: 5 } },
  quotas: DEFAULT_QUOTAS,
  rates: { cpuHour: 0.04, memoryGiBHour: 0.005, currency: 'USD' },
  appBaseUrl: 'http://localhost:3000',
  baseDomain: 'env.acme.example',
};

export function readEnvironmentsSettings(root: Config): EnvironmentsSettings {
  const config = root.getOptionalConfig('runway.environments');
  const d = DEFAULT_SETTINGS;
  const num = (key: string, fallback: number) =>
    positive(key, config?.getOptionalNumber(key) ?? fallback);
  if (config?.has('adminGroup')) {
    // Who may change whose environment is the permission policy's to decide now.
    throw new Error(
      "runway.environments.adminGroup is no longer read: set runway.permissions.platformGroup instead (Runway's permission policy lets that group change every environment).",
    );
  }
  const lifetime = readLifetimeRules(root);
  const idleHours = num('idleHours', d.idleHours);
  const idleWarnBeforeHours = num('idleWarnBeforeHours', d.idleWarnBeforeHours);
  if (idleWarnBeforeHours >= idleHours) {
    throw new Error(
      `runway.environments.idleWarnBeforeHours (${idleWarnBeforeHours}) must be less than idleHours (${idleHours}): the warning comes that many hours before an idle teardown.`,
    );
  }
  return {
    lifetime,
    warnBeforeHours: num('warnBeforeHours', d.warnBeforeHours),
    idleHours,
    idleWarnBeforeHours,
    sweep: {
      enabled: config?.getOptionalBoolean('sweepEnabled') ?? true,
      interval: config?.has('sweepInterval')
        ? readDurationFromConfig(config, { key: 'sweepInterval' })
        : d.sweep.interval,
      timeout: d.sweep.timeout,
    },
    quotas: readEnvironmentQuotas(root),
    rates: {
      cpuHour: config?.getOptionalNumber('rates.cpuHour') ?? d.rates.cpuHour,
      memoryGiBHour:
        config?.getOptionalNumber('rates.memoryGiBHour') ??
        d.rates.memoryGiBHour,
      currency: config?.getOptionalString('rates.currency') ?? d.rates.currency,
    },
    appBaseUrl: root.has('app.baseUrl') ? readAppBaseUrl(root) : d.appBaseUrl,
    slack: readSlackSettings(root),
    baseDomain: readManifestSettings(root).baseDomain,
    health: readEnvironmentHealthSettings(root),
  };
}
