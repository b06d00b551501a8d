/** What `runway catalog check` tells a repository that has no catalog-info.yaml. */
import path from 'node:path';

/** The golden path that opens a pull request adding catalog-info.yaml (templates/register-component). */
export const REGISTER_COMPONENT_PATH =
  '/create/templates/default/register-component';

/** A lower-case, dash-separated entity name made from the repository's folder name. */
function suggestedName(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return name || 'my-service';
}

/** A minimal entity with every field Runway's catalogue and policies expect of a service. */
export function exampleCatalogInfo(dir: string): string {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${suggestedName(dir)}`,
    '  description: One sentence on what it does, for people who have never heard of it.',
    '  annotations:',
    '    backstage.io/techdocs-ref: dir:.',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: group:default/your-team',
    '  system: your-system',
    '',
  ].join('\n');
}

/** The remediation for a missing catalog-info.yaml: the golden path first, then the file by hand. */
export function missingCatalogInfoRemediation(dir: string): string {
  return [
    `Run the "Register an existing service" golden path in Runway (${REGISTER_COMPONENT_PATH}):`,
    'it opens a pull request that adds catalog-info.yaml. Or add it yourself at the root of the',
    'repository, with your own owner, lifecycle and system:',
    '',
    exampleCatalogInfo(dir),
  ].join('\n');
}
