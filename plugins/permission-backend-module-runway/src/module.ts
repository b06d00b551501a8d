import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readPermissionSettings } from '@runway/platform-node';
import { RunwayPermissionPolicy } from './RunwayPermissionPolicy';

/** Installs Runway's permission policy in the permission backend (instead of allow-all). */
export const permissionModuleRunwayPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'runway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, userInfo, auth, catalog }) {
        const { platformGroup } = readPermissionSettings(config);
        policy.setPolicy(
          new RunwayPermissionPolicy({
            platformGroup,
            userInfo,
            users: { catalog, auth },
          }),
        );
      },
    });
  },
});
