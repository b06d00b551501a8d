/** The public shapes of the policy engine: what a policy is, what a check answers. */

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** Which resources a policy applies to: exactly one family is set. */
export interface PolicyMatch {
  /** Kubernetes objects by kind; no kinds means every kind. */
  kubernetes?: { kinds?: string[] };
  /**
   * Terraform resources by type (`aws_s3_bucket`), data sources with a `data.` prefix
   * (`data.aws_iam_policy_document`); a trailing `*` matches a prefix (`aws_*`). No types means every
   * managed resource.
   */
  terraform?: { resourceTypes?: string[] };
  /** Backstage catalog entities by kind (case-insensitive); no kinds means every entity. */
  catalog?: { kinds?: string[] };
}

export interface Policy {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  /** The golden path or docs page that fixes it: a portal path (`/create/...`) or an https URL. */
  link?: string;
  /** The policy file it was loaded from (absolute). */
  file: string;
  match: PolicyMatch;
}

export interface Violation {
  policyId: string;
  title: string;
  severity: Severity;
  /** The input's path as readInputs gave it (relative to its cwd when inside it). */
  file: string;
  /** `Deployment/payments/api`, `aws_s3_bucket.logs`, `component:default/x`. */
  resource: string;
  message: string;
  remediation: string;
  link?: string;
  /** 1-based line of the resource in the file, when known. */
  line?: number;
}

export type InputKind =
  | 'kubernetes'
  | 'terraform'
  | 'terraform-plan'
  | 'catalog'
  | 'skipped';

export interface CheckedFile {
  file: string;
  kind: InputKind;
  resources: number;
}

export interface CheckResult {
  violations: Violation[];
  files: CheckedFile[];
  policies: Policy[];
}

export interface PolicyInput {
  path: string;
  content: string;
}

export interface PolicySet {
  policies: Policy[];
  check(inputs: PolicyInput[]): Promise<CheckResult>;
}

/** The resource a policy evaluates, in the form CEL sees it as `resource`. */
export interface ResourceInfo {
  /** Kubernetes or catalog kind; `resource` or `data` for Terraform. */
  kind: string;
  name: string;
  /** Kubernetes or catalog namespace; '' otherwise. */
  namespace: string;
  /** Terraform resource type; catalog spec.type; '' otherwise. */
  type: string;
  /** What a violation names: `Deployment/payments/api`, `aws_s3_bucket.logs`, `component:default/x`. */
  address: string;
  file: string;
  /** Kubernetes or catalog apiVersion; '' for Terraform. */
  apiVersion: string;
}

export type Family = 'kubernetes' | 'terraform' | 'catalog';

/** One resource to evaluate, with everything its CEL variables are built from. */
export interface Subject {
  family: Family;
  file: string;
  line?: number;
  object: Record<string, unknown>;
  resource: ResourceInfo;
  /** Terraform: resource type → the other resources of the set that reference this one. */
  related: Record<string, unknown[]>;
  /** Kubernetes and catalog: every object of the family; Terraform: type → objects of the set. */
  objects: unknown[] | Record<string, unknown[]>;
}
