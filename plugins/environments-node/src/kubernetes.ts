/**
 * Direct delivery: server-side apply of an environment's manifests, and its teardown by label,
 * through @kubernetes/client-node against a cluster from `kubernetes.clusterLocatorMethods`.
 */
import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { KubernetesCluster } from './delivery/settings';
import {
  RUNWAY_APPLICATION_PREFIX,
  environmentLabelSelector,
  environmentOfResource,
  isArgoApplication,
  isEnvironmentResource,
  isRunwayApplicationName,
} from './labels';

type ClientNode = typeof import('@kubernetes/client-node');
let clientNode: ClientNode | undefined;

/**
 * @kubernetes/client-node, loaded on the first apply or teardown: it takes about 0.4 s and tens
 * of megabytes to load, and most backends never deliver an environment directly (stock
 * Backstage's Kubernetes backend, too, loads it only when first asked).
 */
function k8s(): ClientNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  clientNode ??= require('@kubernetes/client-node') as ClientNode;
  return clientNode;
}

/** The field manager Runway applies as: it owns exactly the fields it renders. */
const FIELD_MANAGER = 'runway';

export function kubeConfigFor(cluster: KubernetesCluster): KubeConfig {
  const kc = new (k8s().KubeConfig)();
  kc.loadFromClusterAndUser(
    {
      name: cluster.name,
      server: cluster.url,
      caData: cluster.caData,
      skipTLSVerify: cluster.skipTLSVerify,
    },
    { name: 'runway', token: cluster.serviceAccountToken },
  );
  return kc;
}

/** What is applied or deleted, for the task log and the audit trail. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export const describeResource = (r: ResourceRef) =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

const refOf = (o: KubernetesObject): ResourceRef => ({
  apiVersion: o.apiVersion ?? '',
  kind: o.kind ?? '',
  namespace: o.metadata?.namespace,
  name: o.metadata?.name ?? '',
});

/**
 * Server-side applies the manifests in order (the Namespace first). Applying the same manifests
 * again changes nothing, so a retried task is harmless. An object that already exists without the
 * manifest's environment labels is someone else's: nothing more is applied, and the error names it.
 */
export async function applyManifests(
  kc: KubeConfig,
  manifests: KubernetesObject[],
): Promise<ResourceRef[]> {
  const client = k8s().KubernetesObjectApi.makeApiClient(kc);
  const applied: ResourceRef[] = [];
  for (const manifest of manifests) {
    await requireNotForeign(client, manifest);
    try {
      await client.patch(
        manifest,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        k8s().PatchStrategy.ServerSideApply,
      );
    } catch (e) {
      throw kubernetesError(`apply ${describeResource(refOf(manifest))}`, e);
    }
    applied.push(refOf(manifest));
  }
  return applied;
}

/** Forced server-side apply would take over an object of the same name; refuse when it is not ours. */
async function requireNotForeign(
  client: KubernetesObjectApi,
  manifest: KubernetesObject,
) {
  const environment = environmentOfResource(manifest) ?? '';
  let existing: KubernetesObject;
  try {
    existing = await client.read({
      apiVersion: manifest.apiVersion ?? '',
      kind: manifest.kind ?? '',
      metadata: {
        name: manifest.metadata?.name ?? '',
        namespace: manifest.metadata?.namespace,
      },
    });
  } catch (e) {
    if (isNotFound(e)) return;
    throw kubernetesError(`read ${describeResource(refOf(manifest))}`, e);
  }
  const target = {
    ...existing,
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
  };
  if (!isEnvironmentResource(target, environment)) {
    throw new Error(
      `Kubernetes: ${describeResource(
        refOf(manifest),
      )} already exists and is not Runway's for environment ${environment}, so Runway will not take it over; nothing more was applied. Choose another environment name, or remove that object if it is not needed.`,
    );
  }
}

/**
 * Kinds an environment's resources come in, in deletion order: Argo CD Applications first (their
 * finalizer prunes what they deployed), then the namespace, which takes everything inside with it.
 */
const TEARDOWN_KINDS = [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
  { apiVersion: 'v1', kind: 'Namespace' },
];

/**
 * Deletes what Runway created for environment `name`: only objects the API lists under the
 * environment's label selector, each checked again for the labels before it is deleted. Deleting
 * what is already gone is fine, so a retried teardown finishes the job.
 */
export async function deleteEnvironmentResources(
  kc: KubeConfig,
  name: string,
): Promise<ResourceRef[]> {
  const client = k8s().KubernetesObjectApi.makeApiClient(kc);
  const selector = environmentLabelSelector(name);
  const deleted: ResourceRef[] = [];
  for (const { apiVersion, kind } of TEARDOWN_KINDS) {
    let items: KubernetesObject[];
    try {
      items = (
        await client.list(
          apiVersion,
          kind,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          selector,
        )
      ).items;
    } catch (e) {
      // A cluster without Argo CD has no Applications to delete.
      if (isNotFound(e)) continue;
      throw kubernetesError(`list ${kind}s labelled ${selector}`, e);
    }
    const typed = items.map(item => ({ ...item, apiVersion, kind }));
    requireRunwayApplications(typed, name);
    // Already being deleted (a Namespace stays Terminating while its content goes): a repeated
    // delete would be refused with 409, and there is nothing more to do.
    const deletable = typed.filter(
      i => isEnvironmentResource(i, name) && !i.metadata?.deletionTimestamp,
    );
    for (const target of deletable) {
      try {
        await client.delete(
          target,
          undefined,
          undefined,
          undefined,
          undefined,
          'Foreground',
        );
      } catch (e) {
        if (!isNotFound(e)) {
          throw kubernetesError(`delete ${describeResource(refOf(target))}`, e);
        }
      }
      deleted.push(refOf(target));
    }
  }
  return deleted;
}

/**
 * A cascading delete of an Application prunes all it deployed: one labelled for the environment
 * but not named as Runway names its Applications may be someone else's, so nothing is deleted.
 */
function requireRunwayApplications(items: KubernetesObject[], name: string) {
  const strangers = items.filter(
    i => isArgoApplication(i) && !isRunwayApplicationName(i.metadata?.name),
  );
  if (strangers.length === 0) return;
  throw new Error(
    `Kubernetes: ${strangers.map(i => describeResource(refOf(i))).join(', ')} ${
      strangers.length === 1 ? 'is' : 'are'
    } labelled for environment ${name} but not named ${RUNWAY_APPLICATION_PREFIX}..., as Runway names its Applications; nothing was deleted. Check whose ${
      strangers.length === 1 ? 'it is' : 'they are'
    }: remove the runway.dev/environment label from one that is not the environment's, or delete one that is by hand; the teardown is then retried.`,
  );
}

function isNotFound(e: unknown): boolean {
  return e instanceof k8s().ApiException && e.code === 404;
}

/** The Kubernetes API's own message (a Status object), saying what Runway was doing. */
function kubernetesError(what: string, e: unknown): Error {
  if (e instanceof k8s().ApiException) {
    let message = String(e.body ?? '');
    try {
      const status = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      message = status?.message ?? message;
    } catch {
      // not JSON: keep the body as it is
    }
    return new Error(
      `Kubernetes: could not ${what}: ${e.code} ${message}`.trim(),
    );
  }
  return new Error(
    `Kubernetes: could not ${what}: ${e instanceof Error ? e.message : e}`,
  );
}
