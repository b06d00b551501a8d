/**
 * An Application's sync into the Kubernetes stand-in: its manifests with kustomize's image
 * overrides, Argo CD's tracking label and the Backstage label, in the destination namespace; a
 * Deployment runs as a ReplicaSet with Running pods. Kinds the stand-in does not serve are left
 * out (the Kubernetes tab does not show them either).
 */
import { KubernetesApiStandIn } from '../kubernetes/KubernetesApiStandIn';
import { RESOURCE_TYPES, apiVersionOf } from '../kubernetes/resources';
import { KUBERNETES_ID } from '../kubernetes/seedWorkloads';
import { ObjectRef, runDeployment } from '../kubernetes/workloads';

/** Argo CD's default tracking label (application.instanceLabelKey). */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** An image reference without its tag or digest. */
export const imageName = (image: string) =>
  image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');

/** `name=newName:tag`, `name:tag` or `name@digest`, as kustomize's `images` takes them. */
function imageOverride(entry: string): { name: string; image: string } {
  const [name, replacement] = entry.includes('=')
    ? entry.split('=', 2)
    : [entry, entry];
  return { name: imageName(name), image: replacement };
}

function withImages(template: any, images: string[]): any {
  const overrides = images.map(imageOverride);
  const containers = (template.spec?.containers ?? []).map((c: any) => {
    const override = overrides.find(o => o.name === imageName(c.image ?? ''));
    return override ? { ...c, image: override.image } : c;
  });
  return { ...template, spec: { ...template.spec, containers } };
}

/** The Deployment a service gets when its manifests hold none: its image, 2 replicas. */
function deploymentFor(service: string, image: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': service } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': service } },
        spec: { containers: [{ name: service, image }] },
      },
    },
  };
}

export interface SyncInput {
  application: string;
  namespace: string;
  /** The Backstage kubernetes-id to label with; undefined for an environment folder. */
  service?: string;
  images: string[];
  objects: any[];
  startedAt: string;
}

/** Applies what the Application deploys; returns every object stored (for pruning later). */
export function syncIntoCluster(
  k8s: KubernetesApiStandIn,
  input: SyncInput,
): ObjectRef[] {
  const { application, namespace, service, images } = input;
  const served = (o: any) =>
    RESOURCE_TYPES.some(
      t => apiVersionOf(t) === o.apiVersion && t.kind === o.kind,
    ) && o.kind !== 'Application';
  const objects = input.objects.filter(served);
  if (service && images.length && !objects.some(o => o.kind === 'Deployment'))
    objects.push(deploymentFor(service, imageOverride(images[0]).image));
  // Namespaces first, as Argo CD's sync waves order them.
  objects.sort(
    (a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'),
  );
  if (
    !objects.some(
      o => o.kind === 'Namespace' && o.metadata?.name === namespace,
    ) &&
    !k8s.get('Namespace', namespace)
  )
    k8s.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });

  const labels = {
    [INSTANCE_LABEL]: application,
    ...(service ? { [KUBERNETES_ID]: service } : {}),
  };
  const refs: ObjectRef[] = [];
  for (const object of objects) {
    const namespaced = object.kind !== 'Namespace';
    const metadata = {
      ...object.metadata,
      ...(namespaced
        ? { namespace: object.metadata?.namespace ?? namespace }
        : {}),
      labels: { ...object.metadata?.labels, ...labels },
    };
    if (object.kind === 'Deployment') {
      const template = withImages(object.spec?.template ?? {}, images);
      refs.push(
        ...runDeployment(
          k8s,
          {
            ...object,
            metadata,
            spec: {
              ...object.spec,
              template: {
                ...template,
                metadata: {
                  ...template.metadata,
                  labels: { ...template.metadata?.labels, ...labels },
                },
              },
            },
          },
          input.startedAt,
        ),
      );
    } else {
      const stored = k8s.put({ ...object, metadata });
      refs.push({
        kind: stored.kind,
        name: stored.metadata.name,
        namespace: stored.metadata.namespace,
      });
    }
  }
  return refs;
}
