/**
 * Renders an environment as Kubernetes manifests, laid out as platform-config's
 * `environments/<name>/` folder (examples/platform-config/environments/README.md). Each kind has
 * its own function; this file only orders them and lays out the files. Values are data handed to
 * the YAML serializer, never text pasted into YAML. A sandbox (no services, an engineer as owner)
 * is the namespace, its guard rails and the engineer's Role: no Applications, Ingress or fixtures.
 */
import { stringify } from 'yaml';
import { environmentDirectory, environmentNamespace } from '../labels';
import { applicationManifests } from './applications';
import { fixturesJobManifest } from './fixtures';
import { ingressManifest, serviceHosts } from './ingress';
import {
  namespaceManifest,
  quotaManifests,
  teamRoleManifests,
} from './namespace';
import { networkPolicyManifests } from './networkPolicies';
import { sandboxRoleManifests } from './sandbox';
import {
  EnvironmentSpec,
  KubernetesManifest,
  ManifestSettings,
  RenderedEnvironment,
} from './types';

const yaml = (docs: KubernetesManifest[]) =>
  docs.map(d => stringify(d, { lineWidth: 0 })).join('---\n');

export function renderEnvironment(
  spec: EnvironmentSpec,
  settings: ManifestSettings,
): RenderedEnvironment {
  const namespace = namespaceManifest(spec);
  const [quota, limits] = quotaManifests(spec);
  const networkPolicies = networkPolicyManifests(spec, settings);
  const { ownerUser } = spec;
  const ownerRole = ownerUser
    ? sandboxRoleManifests({ ...spec, ownerUser }, settings)
    : teamRoleManifests(spec);
  const applications = applicationManifests(spec, settings);
  // Only where services run: something to reach, and something to load fixtures into.
  const served = spec.services.length > 0;
  const ingress = served ? [ingressManifest(spec, settings)] : [];
  const fixtures = served ? [fixturesJobManifest(spec, settings)] : [];

  const dir = environmentDirectory(spec.name);
  const files: Record<string, string> = {
    [`${dir}/namespace.yaml`]: yaml([namespace]),
    [`${dir}/resourcequota.yaml`]: yaml([quota]),
    [`${dir}/limitrange.yaml`]: yaml([limits]),
    [`${dir}/networkpolicy.yaml`]: yaml(networkPolicies),
    [`${dir}/rolebinding.yaml`]: yaml(ownerRole),
    ...Object.fromEntries(
      spec.services.map((s, i) => [
        `${dir}/applications/${s.name}.yaml`,
        yaml([applications[i]]),
      ]),
    ),
    ...(served && {
      [`${dir}/ingress.yaml`]: yaml(ingress),
      [`${dir}/fixtures-job.yaml`]: yaml(fixtures),
    }),
  };
  return {
    namespace: environmentNamespace(spec.name),
    manifests: [
      namespace,
      quota,
      limits,
      ...networkPolicies,
      ...ownerRole,
      ...applications,
      ...ingress,
      ...fixtures,
    ],
    files,
    urls: Object.fromEntries(
      Object.entries(serviceHosts(spec, settings)).map(([service, host]) => [
        service,
        `https://${host}`,
      ]),
    ),
  };
}
