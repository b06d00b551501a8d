/**
 * Permissions of the environments plugin. Reading is a basic permission; changing or destroying
 * one environment is a resource permission (resource type `environment`, resource ref its name),
 * so a permission policy can decide per environment (Runway's policy: the owner team's members and
 * the platform team; see `environmentConditions` in `@runway/plugin-environments-node`).
 */
import { createPermission } from '@backstage/plugin-permission-common';

export const ENVIRONMENT_RESOURCE_TYPE = 'environment';

export const environmentReadPermission = createPermission({
  name: 'environment.read',
  attributes: { action: 'read' },
});

/**
 * A resource permission although the environment does not exist yet: the backend evaluates a
 * conditional decision against the environment the request proposes (its owner team).
 */
export const environmentCreatePermission = createPermission({
  name: 'environment.create',
  attributes: { action: 'create' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Extending an environment and recording activity on it. */
export const environmentUpdatePermission = createPermission({
  name: 'environment.update',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const environmentDeletePermission = createPermission({
  name: 'environment.delete',
  attributes: { action: 'delete' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const environmentPermissions = [
  environmentReadPermission,
  environmentCreatePermission,
  environmentUpdatePermission,
  environmentDeletePermission,
];
