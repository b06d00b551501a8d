import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the catalogue's drift: which entities name a missing owner or repository. It lists
 * every team's repositories, private ones included, so Runway's policy gives it to the platform team.
 */
export const catalogDriftReadPermission = createPermission({
  name: 'catalog-drift.problem.read',
  attributes: { action: 'read' },
});

/**
 * Running the drift check now rather than at its next scheduled run: a GitHub request or two per
 * Component on Runway's credentials, so Runway's policy gives it to the platform team.
 */
export const catalogDriftCheckPermission = createPermission({
  name: 'catalog-drift.check.run',
  attributes: {},
});

export const catalogDriftPermissions = [
  catalogDriftReadPermission,
  catalogDriftCheckPermission,
];
