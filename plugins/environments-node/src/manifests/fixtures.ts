/** The Job that loads test fixtures once the services are synced (an Argo CD PostSync hook). */
import { environmentNamespace } from '../labels';
import { metadataFor, specLabels } from './metadata';
import { EnvironmentSpec, KubernetesManifest, ManifestSettings } from './types';

export function fixturesJobManifest(
  spec: EnvironmentSpec,
  settings: Pick<ManifestSettings, 'fixturesImage'>,
): KubernetesManifest {
  const namespace = environmentNamespace(spec.name);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      ...metadataFor(spec, 'fixtures'),
      annotations: {
        // Argo CD runs it once the services are synced, and again after each re-sync.
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: specLabels(spec) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'fixtures',
              image: settings.fixturesImage,
              args: ['load', '--environment', spec.name],
              env: [
                { name: 'RUNWAY_ENVIRONMENT', value: spec.name },
                { name: 'RUNWAY_ENVIRONMENT_TYPE', value: spec.type },
                {
                  name: 'RUNWAY_SERVICES',
                  value: JSON.stringify(
                    Object.fromEntries(
                      spec.services.map(s => [
                        s.name,
                        `http://${s.name}.${namespace}.svc:${s.port}`,
                      ]),
                    ),
                  ),
                },
              ],
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  };
}
