import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  FetchResponseWrapper,
  KubernetesFetcher,
  KubernetesObjectsProvider,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';

/**
 * The only kinds Runway reads for an entity: the workloads the Kubernetes tab shows (never
 * Secrets, ConfigMaps, RBAC, ServiceAccounts or custom resources), by API group and plural.
 */
export const READABLE_KINDS: ReadonlyArray<{ group: string; plural: string }> =
  [
    { group: '', plural: 'pods' },
    { group: '', plural: 'services' },
    { group: '', plural: 'limitranges' },
    { group: '', plural: 'resourcequotas' },
    { group: 'apps', plural: 'deployments' },
    { group: 'apps', plural: 'replicasets' },
    { group: 'apps', plural: 'statefulsets' },
    { group: 'apps', plural: 'daemonsets' },
    { group: 'autoscaling', plural: 'horizontalpodautoscalers' },
    { group: 'batch', plural: 'jobs' },
    { group: 'batch', plural: 'cronjobs' },
    { group: 'networking.k8s.io', plural: 'ingresses' },
  ];

/** What replaces an environment variable's literal value on its way to the browser. */
export const HIDDEN = '(hidden)';

/** kubectl's copy of the whole applied manifest (env values included). */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function isReadableKind(resource: {
  group?: string;
  plural?: string;
}): boolean {
  return READABLE_KINDS.some(
    k => k.group === (resource?.group ?? '') && k.plural === resource?.plural,
  );
}

function kindName(resource: { group?: string; plural?: string }): string {
  const plural = String(resource?.plural);
  return resource?.group ? `${plural}.${resource.group}` : plural;
}

/** Refuses a custom query naming a kind outside READABLE_KINDS, before the cluster is asked. */
export function assertReadableKinds(
  customResources: Array<{ group?: string; plural?: string }>,
): void {
  const refused = customResources.filter(r => !isReadableKind(r));
  if (refused.length > 0) {
    throw new InputError(
      `customResources: ${refused
        .map(kindName)
        .join(', ')} cannot be read through an entity; ` +
        `ask for one of ${READABLE_KINDS.map(kindName).join(', ')}, ` +
        'or ask the platform team',
    );
  }
}

/** A Kubernetes label value: an id with `,`, `!` or spaces could add terms to the selector. */
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/** The selector Runway reads with: the entity's own `backstage.io/kubernetes-id`, nothing else. */
export function selectorOf(serviceId: string): string | undefined {
  return LABEL_VALUE.test(serviceId ?? '')
    ? `${KUBERNETES_ANNOTATION}=${serviceId}`
    : undefined;
}

/** Refuses an entity whose kubernetes-id (or name) is not a label value. */
function assertSelectable(entity: Entity): void {
  const id =
    entity?.metadata?.annotations?.[KUBERNETES_ANNOTATION] ||
    entity?.metadata?.name;
  if (!selectorOf(id)) {
    throw new InputError(
      `metadata.annotations.${KUBERNETES_ANNOTATION}: '${id}' is not a Kubernetes label value; ` +
        'use letters, digits, -, _ and . (at most 63)',
    );
  }
}

/**
 * The entity as Runway lets the Kubernetes backend see it: without a label-selector annotation
 * (ignored everywhere, since any signed-in person may register a Component carrying one).
 */
export function scopedEntity(entity: Entity): Entity {
  const annotations = entity?.metadata?.annotations;
  if (
    !annotations ||
    !(KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION in annotations)
  ) {
    return entity;
  }
  const { [KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]: _ignored, ...rest } =
    annotations;
  return { ...entity, metadata: { ...entity.metadata, annotations: rest } };
}

type Json = Record<string, any>;

function redactContainers(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c: Json) =>
    Array.isArray(c?.env)
      ? {
          ...c,
          env: c.env.map((e: Json) =>
            e && 'value' in e ? { ...e, value: HIDDEN } : e,
          ),
        }
      : c,
  );
}

function redactPodSpec(spec: Json | undefined): Json | undefined {
  if (!spec || typeof spec !== 'object') return spec;
  return {
    ...spec,
    containers: redactContainers(spec.containers),
    ...(spec.initContainers && {
      initContainers: redactContainers(spec.initContainers),
    }),
    ...(spec.ephemeralContainers && {
      ephemeralContainers: redactContainers(spec.ephemeralContainers),
    }),
  };
}

function redactTemplate(template: Json | undefined): Json | undefined {
  return template?.spec
    ? { ...template, spec: redactPodSpec(template.spec) }
    : template;
}

/**
 * An object with every literal env value hidden, wherever a pod spec sits (a Pod, a workload's
 * template, a CronJob's job template) and without kubectl's last-applied copy of the manifest.
 */
export function redactObject(item: Json): Json {
  if (!item || typeof item !== 'object') return item;
  let out: Json = item;
  const annotations = item.metadata?.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = annotations;
    out = { ...out, metadata: { ...out.metadata, annotations: rest } };
  }
  const spec = out.spec;
  if (!spec || typeof spec !== 'object') return out;
  if (Array.isArray(spec.containers)) {
    return { ...out, spec: redactPodSpec(spec) };
  }
  if (spec.template) {
    return {
      ...out,
      spec: { ...spec, template: redactTemplate(spec.template) },
    };
  }
  if (spec.jobTemplate?.spec?.template) {
    return {
      ...out,
      spec: {
        ...spec,
        jobTemplate: {
          ...spec.jobTemplate,
          spec: {
            ...spec.jobTemplate.spec,
            template: redactTemplate(spec.jobTemplate.spec.template),
          },
        },
      },
    };
  }
  return out;
}

function redactResponses(result: FetchResponseWrapper): FetchResponseWrapper {
  return {
    ...result,
    responses: result.responses.map(r => ({
      ...r,
      resources: (r.resources as Json[]).map(redactObject),
    })) as FetchResponseWrapper['responses'],
  };
}

/**
 * Wraps the Kubernetes backend's fetcher: whatever asked, only READABLE_KINDS are fetched, only
 * with the entity's own kubernetes-id selector, and env values are hidden in what comes back.
 */
export function scopeFetcher(inner: KubernetesFetcher): KubernetesFetcher {
  return {
    async fetchObjectsForService(params: ObjectFetchParams) {
      const labelSelector = selectorOf(params.serviceId);
      if (!labelSelector) return { errors: [], responses: [] };
      const scoped: ObjectFetchParams = {
        ...params,
        objectTypesToFetch: new Set(
          [...params.objectTypesToFetch].filter(isReadableKind),
        ),
        customResources: params.customResources.filter(isReadableKind),
        labelSelector,
      };
      if (
        scoped.objectTypesToFetch.size === 0 &&
        scoped.customResources.length === 0
      ) {
        return { errors: [], responses: [] };
      }
      return redactResponses(await inner.fetchObjectsForService(scoped));
    },
    fetchPodMetricsByNamespaces(
      clusterDetails,
      credential,
      namespaces,
      labelSelector,
    ) {
      // Metrics are CPU and memory figures of the pods the same (scoped) selector found.
      return inner.fetchPodMetricsByNamespaces(
        clusterDetails,
        credential,
        namespaces,
        labelSelector,
      );
    },
  };
}

/**
 * Wraps the objects provider: a custom query for a kind outside READABLE_KINDS, or an entity
 * whose kubernetes-id is no label value, is refused with an InputError (400); the entity's
 * label-selector annotation is dropped before fan-out.
 */
export function scopeObjectsProvider(
  inner: KubernetesObjectsProvider,
): KubernetesObjectsProvider {
  return {
    getKubernetesObjectsByEntity(request, options) {
      assertSelectable(request.entity);
      return inner.getKubernetesObjectsByEntity(
        { ...request, entity: scopedEntity(request.entity) },
        options,
      );
    },
    getCustomResourcesByEntity(request, options) {
      assertReadableKinds(request.customResources);
      assertSelectable(request.entity);
      return inner.getCustomResourcesByEntity(
        { ...request, entity: scopedEntity(request.entity) },
        options,
      );
    },
  };
}
