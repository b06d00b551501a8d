/** The labels and metadata every object of an environment carries (teardown selects by them). */
import { environmentLabels, environmentNamespace } from '../labels';
import { EnvironmentSpec, KubernetesManifest } from './types';

/** An RFC 3339 UTC time as a label value (labels allow no colons): 2026-12-08T16-30-00Z. */
const expiryLabel = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');

/** The name of a User entity ref (`user:default/ada` → `ada`): a valid label value. */
export const userName = (userRef: string) =>
  userRef.slice(userRef.indexOf('/') + 1);

export function specLabels(spec: EnvironmentSpec): Record<string, string> {
  return {
    ...environmentLabels(spec.name),
    'runway.dev/owner': spec.team,
    'runway.dev/environment-type': spec.type,
    ...(spec.expiresAt && {
      'runway.dev/expires-at': expiryLabel(spec.expiresAt),
    }),
    ...(spec.ownerUser && { 'runway.dev/engineer': userName(spec.ownerUser) }),
  };
}

/** Metadata of an object named `name` in the environment's namespace, or in `namespace` ('' for none). */
export function metadataFor(
  spec: EnvironmentSpec,
  name: string,
  namespace: string = environmentNamespace(spec.name),
): KubernetesManifest['metadata'] {
  return {
    name,
    ...(namespace && { namespace }),
    labels: specLabels(spec),
  };
}
