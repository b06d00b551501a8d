/** One Argo CD Application per service, deploying its branch into the environment's namespace. */
import { environmentNamespace, serviceApplicationName } from '../labels';
import { metadataFor } from './metadata';
import { EnvironmentSpec, KubernetesManifest, ManifestSettings } from './types';

export function applicationManifests(
  spec: EnvironmentSpec,
  settings: Pick<ManifestSettings, 'argocd'>,
): KubernetesManifest[] {
  const { argocd } = settings;
  return spec.services.map(service => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      ...metadataFor(
        spec,
        serviceApplicationName(spec.name, service.name),
        argocd.namespace,
      ),
      annotations: { 'runway.dev/entity-ref': service.entityRef },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    } as KubernetesManifest['metadata'],
    spec: {
      project: argocd.project,
      source: {
        repoURL: service.repoUrl,
        targetRevision: service.branch,
        path: service.path,
      },
      destination: {
        server: argocd.server,
        namespace: environmentNamespace(spec.name),
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false'],
      },
    },
  }));
}
