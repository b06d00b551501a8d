/**
 * How Runway marks what it creates for an environment. Teardown deletes by these labels only (and
 * an Argo CD Application only with Runway's name prefix), so a resource Runway did not create for
 * that environment is never touched.
 */
import { createHash } from 'crypto';

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const ENVIRONMENT_LABEL = 'runway.dev/environment';

/** Labels every resource Runway creates for environment `name` carries. */
export const environmentLabels = (name: string): Record<string, string> => ({
  [MANAGED_BY_LABEL]: 'runway',
  [ENVIRONMENT_LABEL]: name,
});

/** The environment a manifest is labelled for, if any. */
export const environmentOfResource = (manifest: {
  metadata?: { labels?: Record<string, string> };
}): string | undefined => manifest.metadata?.labels?.[ENVIRONMENT_LABEL];

/** Kubernetes label selector of exactly the resources of one environment. */
export const environmentLabelSelector = (name: string) =>
  Object.entries(environmentLabels(name))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/**
 * Whether a manifest is one Runway made for environment `name`: it carries the environment's
 * labels and, when it is an Argo CD Application, Runway's name prefix.
 */
export function isEnvironmentResource(
  manifest: {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; labels?: Record<string, string> };
  },
  name: string,
): boolean {
  const labels = manifest.metadata?.labels ?? {};
  const labelled = Object.entries(environmentLabels(name)).every(
    ([key, value]) => labels[key] === value,
  );
  // Labels can be copied onto anyone's Application; Runway's name prefix is reserved for Runway.
  return (
    labelled &&
    (!isArgoApplication(manifest) ||
      isRunwayApplicationName(manifest.metadata?.name))
  );
}

/** Whether a manifest is an Argo CD Application. */
export function isArgoApplication(manifest: {
  apiVersion?: string;
  kind?: string;
}): boolean {
  return (
    manifest.kind === 'Application' &&
    (manifest.apiVersion ?? '').startsWith('argoproj.io/')
  );
}

/** The namespace environment `name` runs in (prefixed, so no name can take over a system namespace). */
export const environmentNamespace = (name: string) => `env-${name}`;

/** Where environment `name`'s manifests live in the platform-config repository. */
export const environmentDirectory = (name: string) => `environments/${name}`;

/** The platform-config branch of environment `name`'s pull request, when delivery is by pull request. */
export const environmentBranch = (name: string) => `runway/environment-${name}`;

/**
 * The prefix of every Argo CD Application Runway makes. Argo CD's namespace is shared, so the
 * prefix is reserved for Runway there: no name Runway makes can be an Application someone else
 * made, and teardown deletes no Application without it.
 */
export const RUNWAY_APPLICATION_PREFIX = 'rw-';

/** Argo CD puts an Application's name in a label value, which holds at most 63 characters. */
export const APPLICATION_NAME_MAX_LENGTH = 63;

const HASH_LENGTH = 8;

/**
 * Runway's Application name for `base`: `rw-<base>`, or, when that is longer than 63 characters,
 * its first characters and 8 hex digits of its SHA-256, so a long name stays unique and the same.
 */
export function runwayApplicationName(base: string): string {
  const full = `${RUNWAY_APPLICATION_PREFIX}${base}`;
  if (full.length <= APPLICATION_NAME_MAX_LENGTH) return full;
  const hash = createHash('sha256')
    .update(full)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const kept = full
    .slice(0, APPLICATION_NAME_MAX_LENGTH - HASH_LENGTH - 1)
    .replace(/[^a-z0-9]+$/, '');
  return `${kept}-${hash}`;
}

/** Whether `name` is one Runway may have given an Argo CD Application. */
export function isRunwayApplicationName(name: string | undefined): boolean {
  return (name ?? '').startsWith(RUNWAY_APPLICATION_PREFIX);
}

/**
 * The Argo CD Application of environment `name` itself, `rw-env-<name>`: platform-config's
 * ApplicationSet (examples/platform-config/argocd/applicationset.yaml) names it the same way.
 */
export const environmentApplicationName = (name: string) =>
  runwayApplicationName(`env-${name}`);

/** The Argo CD Application that deploys `service` (a catalog entity name) into environment `name`. */
export const serviceApplicationName = (name: string, service: string) =>
  runwayApplicationName(`${name}-${service}`);

/**
 * Every Argo CD Application name environment `name` takes in Argo CD's namespace: its own and one
 * per service. Two live environments must not share one, or one would overwrite the other's.
 */
export const environmentApplicationNames = (
  name: string,
  services: string[],
): string[] => [
  environmentApplicationName(name),
  ...services.map(service => serviceApplicationName(name, service)),
];
