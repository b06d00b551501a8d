/**
 * Runway's policy engine: CEL policies (policies/*.yaml) over Kubernetes manifests, Terraform (HCL
 * and plans) and Backstage catalog entities, answering with what to fix and where.
 *
 * @packageDocumentation
 */
export type {
  Severity,
  Policy,
  PolicyMatch,
  Violation,
  CheckResult,
  CheckedFile,
  InputKind,
  PolicySet,
  PolicyInput,
} from './types';
export { PolicyLoadError } from './errors';
export { loadPolicies } from './policy/loadPolicies';
export { readInputs } from './inputs/readInputs';
export { parseHcl } from './inputs/hcl';
export { defaultPoliciesDir } from './defaultPoliciesDir';
export { formatHuman } from './format/formatHuman';
export { toSarif, type SarifOptions } from './format/toSarif';
export { INPUT_INVALID } from './check/runCheck';
