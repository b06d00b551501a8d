/**
 * The demo cluster's workloads: every demo Component (examples/*.yaml and
 * examples/components/<name>/catalog-info.yaml) with a `backstage.io/kubernetes-id` runs as a
 * Deployment of 2 Running pods and a Service, in the namespace named after the Component.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubernetesApiStandIn } from './KubernetesApiStandIn';
import { runDeployment } from './workloads';

export const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** The demo images' registry: a documentation domain, nothing is pulled from it. */
export const DEMO_REGISTRY = 'registry.acme.example';

export function demoComponents(
  examplesDir: string,
): { name: string; kubernetesId: string }[] {
  const files = [
    ...fs
      .readdirSync(examplesDir)
      .filter(f => /\.ya?ml$/.test(f))
      .map(f => path.join(examplesDir, f)),
    ...(fs.existsSync(path.join(examplesDir, 'components'))
      ? fs
          .readdirSync(path.join(examplesDir, 'components'))
          .map(d =>
            path.join(examplesDir, 'components', d, 'catalog-info.yaml'),
          )
          .filter(f => fs.existsSync(f))
      : []),
  ];
  return files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(d => d.toJS())
      .filter(
        d =>
          d?.kind === 'Component' &&
          typeof d.metadata?.annotations?.[KUBERNETES_ID] === 'string',
      )
      .map(d => ({
        name: d.metadata.name as string,
        kubernetesId: d.metadata.annotations[KUBERNETES_ID] as string,
      })),
  );
}

export function seedDemoWorkloads(
  k8s: KubernetesApiStandIn,
  examplesDir: string,
  startedAt = new Date().toISOString(),
) {
  for (const { name, kubernetesId } of demoComponents(examplesDir)) {
    const labels = {
      'app.kubernetes.io/name': kubernetesId,
      [KUBERNETES_ID]: kubernetesId,
    };
    if (!k8s.get('Namespace', name))
      k8s.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    runDeployment(
      k8s,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: kubernetesId, namespace: name, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'app.kubernetes.io/name': kubernetesId } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: kubernetesId,
                  image: `${DEMO_REGISTRY}/${kubernetesId}:demo`,
                  ports: [{ containerPort: 8080, name: 'http' }],
                  resources: {
                    requests: { cpu: '100m', memory: '128Mi' },
                    limits: { cpu: '500m', memory: '512Mi' },
                  },
                },
              ],
            },
          },
        },
      },
      startedAt,
    );
    k8s.put({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: kubernetesId, namespace: name, labels },
      spec: {
        selector: { 'app.kubernetes.io/name': kubernetesId },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    });
  }
}
