/**
 * `runway.environments.argocd` health keys: whether an environment is ready only once Argo CD
 * reports its Applications Healthy, how often that is asked and how long it may take. Read by the
 * `environment:create` action (to leave the lease provisioning) and the environments plugin (to
 * watch it) alike, so both always agree.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  ARGOCD_CONFIG_KEY,
  ArgoCdSettings,
  readArgoCdSettings,
} from '@runway/platform-node';

export interface EnvironmentHealthSettings {
  argocd: ArgoCdSettings;
  interval: HumanDuration;
  /** Milliseconds after its lease was recorded that a provisioning environment fails. */
  readyTimeoutMs: number;
}

export const DEFAULT_HEALTH_INTERVAL: HumanDuration = { seconds: 10 };
export const DEFAULT_READY_TIMEOUT: HumanDuration = { minutes: 15 };

/**
 * Undefined when environments are active once delivered: no Argo CD url, `watchHealth: false`,
 * or direct delivery (nothing syncs through Argo CD then).
 */
export function readEnvironmentHealthSettings(
  root: Config,
): EnvironmentHealthSettings | undefined {
  const argocd = readArgoCdSettings(root);
  const config = root.getOptionalConfig(ARGOCD_CONFIG_KEY);
  if (!argocd || !config || config.getOptionalBoolean('watchHealth') === false)
    return undefined;
  // The mode alone (delivery settings check it fully where they are used).
  const mode = root.getOptionalString('runway.environments.delivery.mode');
  if ((mode ?? 'gitops') !== 'gitops') return undefined;
  const duration = (key: string, fallback: HumanDuration) =>
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
  const readyTimeoutMs = durationToMilliseconds(
    duration('readyTimeout', DEFAULT_READY_TIMEOUT),
  );
  if (!(readyTimeoutMs > 0)) {
    throw new Error(
      `${ARGOCD_CONFIG_KEY}.readyTimeout must be a positive duration such as { minutes: 15 }.`,
    );
  }
  return {
    argocd,
    interval: duration('healthInterval', DEFAULT_HEALTH_INTERVAL),
    readyTimeoutMs,
  };
}
