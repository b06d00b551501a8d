import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { EnvironmentTeardown } from './delivery/EnvironmentDelivery';

/**
 * Lets a backend module install the teardown of the environments plugin, in place of the one
 * `runway.environments.delivery` chooses (e.g. for a delivery Runway does not ship).
 */
export interface EnvironmentsTeardownExtensionPoint {
  setTeardown(teardown: EnvironmentTeardown): void;
}

export const environmentsTeardownExtensionPoint =
  createExtensionPoint<EnvironmentsTeardownExtensionPoint>({
    id: 'environments.teardown',
  });
