/**
 * The Applications Argo CD would hold once platform-config's main branch has synced: each
 * `environments/<env>/applications/*.yaml` and `apps/<service>/*.yaml` document of kind
 * Application, and `rw-env-<env>` per environment folder (what argocd/applicationset.yaml
 * generates). Malformed ones come back with the problem Argo CD would show as a condition.
 */
import { parseAllDocuments } from 'yaml';
import { RESOURCE_TYPES, schemaProblem } from '../kubernetes/resources';
import { BareRepo } from '../forge/git';

export interface DesiredApplication {
  name: string;
  /** Where it came from: `apps/cart-service/staging.yaml`, or the ApplicationSet. */
  file: string;
  manifest: any;
  /** Why Argo CD would refuse it (InvalidSpecError); undefined when valid. */
  problem?: string;
}

const APPLICATION = RESOURCE_TYPES.find(t => t.kind === 'Application')!;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** What is wrong with an Application manifest, naming the field; undefined when valid. */
export function applicationProblem(manifest: any): string | undefined {
  const name = manifest?.metadata?.name;
  if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name))
    return 'metadata.name must be a lowercase DNS subdomain such as cart-service-staging';
  const spec = manifest.spec ?? {};
  if (typeof spec.source?.repoURL !== 'string' || !spec.source.repoURL)
    return 'spec.source.repoURL is required: the Git repository to deploy from';
  if (typeof spec.source.path !== 'string')
    return 'spec.source.path is required: the folder of manifests in the repository (e.g. deploy)';
  if (typeof spec.destination?.namespace !== 'string')
    return 'spec.destination.namespace is required: the namespace to deploy into';
  if (!spec.destination.server && !spec.destination.name)
    return 'spec.destination.server or spec.destination.name is required';
  const images = spec.source.kustomize?.images;
  if (
    images !== undefined &&
    !(Array.isArray(images) && images.every(i => typeof i === 'string'))
  )
    return 'spec.source.kustomize.images must be a list of image strings such as registry.example/app:tag';
  return schemaProblem(APPLICATION, manifest);
}

/** The ApplicationSet's Application for environments/<env>/ (argocd/applicationset.yaml). */
export function environmentApplication(env: string, repoURL: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `rw-env-${env}`,
      namespace: 'argocd',
      labels: {
        'app.kubernetes.io/managed-by': 'runway',
        'runway.dev/environment': env,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'runway-environment-folders',
      source: {
        repoURL,
        targetRevision: 'main',
        path: `environments/${env}`,
        directory: { recurse: true },
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: `env-${env}`,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false', 'FailOnSharedResource=true'],
      },
    },
  };
}

const SOURCES = [
  /^environments\/[^/]+\/applications\/[^/]+\.ya?ml$/,
  /^apps\/[^/]+\/[^/]+\.ya?ml$/,
];

export async function readDesiredApplications(
  platformConfig: BareRepo,
  commit: string,
  platformConfigUrl: string,
  log: (message: string) => void,
): Promise<DesiredApplication[]> {
  const files = (
    await platformConfig.git([
      'ls-tree',
      '-r',
      '--name-only',
      commit,
      '--',
      'environments',
      'apps',
    ])
  )
    .toString()
    .split('\n')
    .filter(Boolean);
  const envs = [
    ...new Set(
      files
        .map(f => f.match(/^environments\/([^/]+)\//)?.[1])
        .filter((e): e is string => !!e),
    ),
  ].sort();
  const found: DesiredApplication[] = envs.map(env => ({
    name: `rw-env-${env}`,
    file: 'argocd/applicationset.yaml',
    manifest: environmentApplication(env, platformConfigUrl),
  }));
  for (const file of files.filter(f => SOURCES.some(r => r.test(f)))) {
    const text = (
      await platformConfig.git(['show', `${commit}:${file}`])
    ).toString();
    const docs = parseAllDocuments(text);
    for (const doc of docs) {
      if (doc.errors.length) {
        log(`argocd: skipped ${file}: ${doc.errors[0].message}`);
        continue;
      }
      const manifest = doc.toJS();
      if (manifest?.kind !== 'Application') continue;
      const problem = applicationProblem(manifest);
      const name = manifest.metadata?.name;
      if (typeof name !== 'string' || !name) {
        log(`argocd: skipped an Application in ${file}: ${problem}`);
        continue;
      }
      if (found.some(a => a.name === name)) {
        log(
          `argocd: skipped Application ${name} in ${file}: ${
            found.find(a => a.name === name)!.file
          } already defines it`,
        );
        continue;
      }
      if (problem)
        log(`argocd: Application ${name} in ${file} is invalid: ${problem}`);
      found.push({ name, file, manifest, problem });
    }
  }
  return found;
}
