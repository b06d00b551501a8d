import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { Teardown } from './lifecycle/teardown';

/** Lets a backend module install the real teardown (GitOps or direct) of environments. */
export interface EnvironmentsTeardownExtensionPoint {
  setTeardown(teardown: Teardown): void;
}

export const environmentsTeardownExtensionPoint =
  createExtensionPoint<EnvironmentsTeardownExtensionPoint>({
    id: 'environments.teardown',
  });
