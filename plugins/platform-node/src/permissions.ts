/**
 * `runway.permissions`: what Runway's permission policy reads (config.d.ts documents each key).
 */
import { Config } from '@backstage/config';

export interface PermissionSettings {
  /** Members may do everything: kubernetes proxy, template dry-runs, every environment. */
  platformGroup: string;
}

export const DEFAULT_PLATFORM_GROUP = 'group:default/platform';

export function readPermissionSettings(config: Config): PermissionSettings {
  const platformGroup =
    config.getOptionalString('runway.permissions.platformGroup') ??
    DEFAULT_PLATFORM_GROUP;
  if (!/^group:[^/:\s]+\/[^/:\s]+$/.test(platformGroup)) {
    throw new Error(
      `runway.permissions.platformGroup must be a full group reference such as ${DEFAULT_PLATFORM_GROUP}; got "${platformGroup}".`,
    );
  }
  return { platformGroup: platformGroup.toLocaleLowerCase('en-US') };
}
