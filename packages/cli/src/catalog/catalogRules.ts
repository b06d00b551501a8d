/** The checks `runway catalog check` makes itself, described as policies so every format reports them. */
import type { Policy } from '@runway/policy-engine';
import { REGISTER_COMPONENT_PATH } from './missingCatalogInfo';

// Not read from a policy file: these rules are the catalogue's own validation, run by the CLI.
const SOURCE = 'packages/cli/src/catalog/catalogRules.ts';

export const CATALOG_INFO_PRESENT: Policy = {
  id: 'catalog-info-present',
  title: 'The repository has a catalog-info.yaml at its root',
  severity: 'high',
  description:
    'Runway finds services through catalog-info.yaml: without it the service has no owner, no docs and no place in the catalogue.',
  remediation: `Run the "Register an existing service" golden path (${REGISTER_COMPONENT_PATH}) or add catalog-info.yaml at the repository root.`,
  link: REGISTER_COMPONENT_PATH,
  file: SOURCE,
  match: { catalog: {} },
};

export const CATALOG_ENTITY_VALID: Policy = {
  id: 'catalog-entity-valid',
  title: 'Every entity in catalog-info.yaml is one the catalogue accepts',
  severity: 'high',
  description:
    "Runway's catalogue validates each entity (envelope, schema, name formats, kind) and drops any it rejects.",
  remediation:
    'Fix the field the message names; https://backstage.io/docs/features/software-catalog/descriptor-format lists every field.',
  file: SOURCE,
  match: { catalog: {} },
};
