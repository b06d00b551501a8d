/**
 * Permissions of the environments plugin. Reading is a basic permission; changing or destroying
 * one environment is a resource permission (resource type `environment`, resource ref its name),
 * so a permission policy can decide per environment. The backend also requires the caller to be
 * in the owner team or the admin group, whatever the policy says.
 */
import { createPermission } from '@backstage/plugin-permission-common';

export const ENVIRONMENT_RESOURCE_TYPE = 'environment';

export const environmentReadPermission = createPermission({
  name: 'environment.read',
  attributes: { action: 'read' },
});

export const environmentCreatePermission = createPermission({
  name: 'environment.create',
  attributes: { action: 'create' },
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
