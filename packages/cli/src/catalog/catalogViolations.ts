/** The CLI's own catalogue checks (present, valid), answered as the engine answers its policies. */
import path from 'node:path';
import type { Policy, Violation } from '@runway/policy-engine';
import { CATALOG_ENTITY_VALID, CATALOG_INFO_PRESENT } from './catalogRules';
import { missingCatalogInfoRemediation } from './missingCatalogInfo';
import { parseCatalogInfo } from './readCatalogInfo';
import { validateEntity } from './validateEntity';

export const CATALOG_INFO = 'catalog-info.yaml';

function violationOf(
  policy: Policy,
  fields: Pick<Violation, 'file' | 'resource' | 'message'> &
    Partial<Pick<Violation, 'line' | 'remediation'>>,
): Violation {
  return {
    policyId: policy.id,
    title: policy.title,
    severity: policy.severity,
    remediation: policy.remediation,
    ...(policy.link ? { link: policy.link } : {}),
    ...fields,
  };
}

/** `component:default/x` as the engine names catalog resources, or the document's position. */
function entityRef(data: unknown, index: number): string {
  const entity = data as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  } | null;
  const { kind } = entity ?? {};
  const { name, namespace = 'default' } = entity?.metadata ?? {};
  return typeof kind === 'string' && typeof name === 'string'
    ? `${kind.toLowerCase()}:${namespace}/${name}`
    : `document ${index + 1}`;
}

/** The violation for a repository without catalog-info.yaml; `file` is where it should be. */
export function missingCatalogInfo(
  dir: string,
  file: string,
  cwd: string,
): Violation {
  return violationOf(CATALOG_INFO_PRESENT, {
    file,
    resource: path.relative(cwd, dir) || '.',
    message: `${dir} has no ${CATALOG_INFO} at its root, so Runway's catalogue does not know this service.`,
    remediation: missingCatalogInfoRemediation(dir),
  });
}

/** Every reason the catalogue would reject catalog-info.yaml, and how many entities it holds. */
export async function invalidEntities(
  content: string,
  file: string,
): Promise<{ entities: number; violations: Violation[] }> {
  const parsed = parseCatalogInfo(content);
  const invalid = (message: string, resource = CATALOG_INFO, line?: number) =>
    violationOf(CATALOG_ENTITY_VALID, { file, resource, message, line });
  if (!parsed.ok) {
    return {
      entities: 0,
      violations: [invalid(parsed.problem, undefined, parsed.line)],
    };
  }
  if (parsed.documents.length === 0) {
    return {
      entities: 0,
      violations: [invalid(`${CATALOG_INFO} holds no entity.`)],
    };
  }
  const violations: Violation[] = [];
  for (const [index, document] of parsed.documents.entries()) {
    const validation = await validateEntity(document.data);
    if (!validation.valid) {
      violations.push(
        invalid(
          `The catalogue would reject this entity: ${validation.problem}`,
          entityRef(document.data, index),
          document.line,
        ),
      );
    }
  }
  return { entities: parsed.documents.length, violations };
}
