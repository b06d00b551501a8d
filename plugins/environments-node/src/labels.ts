/**
 * How Runway marks what it creates for an environment. Teardown deletes by these labels only, so a
 * resource Runway did not create for that environment is never touched.
 */

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const ENVIRONMENT_LABEL = 'runway.dev/environment';

/** Labels every resource Runway creates for environment `name` carries. */
export const environmentLabels = (name: string): Record<string, string> => ({
  [MANAGED_BY_LABEL]: 'runway',
  [ENVIRONMENT_LABEL]: name,
});

/** Kubernetes label selector of exactly the resources of one environment. */
export const environmentLabelSelector = (name: string) =>
  Object.entries(environmentLabels(name))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/** Whether a manifest carries the labels of environment `name`. */
export function isEnvironmentResource(
  manifest: { metadata?: { labels?: Record<string, string> } },
  name: string,
): boolean {
  const labels = manifest.metadata?.labels ?? {};
  return Object.entries(environmentLabels(name)).every(
    ([key, value]) => labels[key] === value,
  );
}

/** The namespace environment `name` runs in (prefixed, so no name can take over a system namespace). */
export const environmentNamespace = (name: string) => `env-${name}`;

/** Where environment `name`'s manifests live in the platform-config repository. */
export const environmentDirectory = (name: string) => `environments/${name}`;

/** The platform-config branch of environment `name`'s pull request, when delivery is by pull request. */
export const environmentBranch = (name: string) => `runway/environment-${name}`;

/** The Argo CD Application that deploys `service` (a catalog entity name) into environment `name`. */
export const serviceApplicationName = (name: string, service: string) =>
  `${name}-${service}`;

/**
 * Every Argo CD Application name environment `name` takes in Argo CD's namespace: its own (the
 * platform-config ApplicationSet names it `env-<name>`) and one per service. Two live environments
 * must not share one, or one would overwrite the other's.
 */
export const environmentApplicationNames = (
  name: string,
  services: string[],
): string[] => [
  `env-${name}`,
  ...services.map(service => serviceApplicationName(name, service)),
];
