/**
 * Runway's permission policy as a permission-backend module (docs/security.md).
 *
 * @packageDocumentation
 */
export { permissionModuleRunwayPolicy as default } from './module';
export {
  RunwayPermissionPolicy,
  PLATFORM_ONLY_PERMISSIONS,
  PLATFORM_ONLY_TAG,
} from './RunwayPermissionPolicy';
