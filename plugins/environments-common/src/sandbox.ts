/**
 * A sandbox's name, the same wherever it is computed (the onboarding step, the API, a page): one
 * per engineer, derived from their User entity ref, so a re-run of onboarding asks for the same one.
 */
import { ENVIRONMENT_NAME_MAX_LENGTH } from './lifetime';

const PREFIX = 'sandbox-';

/**
 * Names starting `sandbox-` are the sandboxes' own: an ordinary environment may not take one, or
 * anyone could squat a hire's sandbox name before onboarding asks for it.
 */
export const isSandboxName = (name: string) =>
  name.toLocaleLowerCase('en-US').startsWith(PREFIX);
const HASH_LENGTH = 8;

/** FNV-1a, 32 bits, as 8 hex digits: short, the same in the browser and in Node. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(HASH_LENGTH, '0');
}

/**
 * The sandbox name of the engineer `userRef` (`user:<namespace>/<name>`): `sandbox-<name>` when
 * the name is already a short DNS label in the default namespace, e.g. `sandbox-ada-lovelace`.
 * Otherwise the name is lower-cased, every other character becomes `-`, it is cut to fit 40
 * characters and ends with `-` and 8 hex digits of a hash of the whole ref, so two people never
 * share a sandbox name.
 */
export function sandboxEnvironmentName(userRef: string): string {
  const ref = userRef.toLocaleLowerCase('en-US');
  const match = /^user:([^/]+)\/(.+)$/.exec(ref);
  if (!match) {
    throw new Error(
      `A sandbox belongs to a User entity ref such as user:default/ada-lovelace (got ${JSON.stringify(
        userRef,
      )})`,
    );
  }
  const [, namespace, name] = match;
  const plain = `${PREFIX}${name}`;
  if (
    namespace === 'default' &&
    plain.length <= ENVIRONMENT_NAME_MAX_LENGTH &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)
  ) {
    return plain;
  }
  const label = name
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const room = ENVIRONMENT_NAME_MAX_LENGTH - PREFIX.length - HASH_LENGTH - 1;
  const kept = label.slice(0, room).replace(/-+$/, '');
  return `${PREFIX}${kept ? `${kept}-` : ''}${fnv1a(ref)}`;
}
