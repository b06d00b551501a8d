/**
 * Reading Runway's measured impact (figures over teams and weeks, no person's name) is a basic
 * permission so Runway's permission policy decides it; Runway's gives it to every signed-in person.
 */
import { createPermission } from '@backstage/plugin-permission-common';

export const impactReadPermission = createPermission({
  name: 'impact.report.read',
  attributes: { action: 'read' },
});

export const impactPermissions = [impactReadPermission];
