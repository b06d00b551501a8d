/**
 * The one shape policies see for a Terraform resource, whether it came from HCL or a plan:
 * - a list holding exactly one object becomes that object (`versioning { ... }` reads as
 *   `object.versioning.enabled`); two or more blocks stay a list (`asList()` reads both forms);
 * - null attributes are dropped, so `has(object.x)` means "x is set";
 * - `policy_document`: the IAM policy of a `policy` attribute that is JSON (or jsonencode(...) of
 *   literals), or of a `data.aws_iam_policy_document`'s statement blocks, with Statement, Action,
 *   NotAction, Resource and NotResource always lists.
 */
import { isPlainObject } from './parsed';

export function terraformObject(
  typeKey: string,
  values: unknown,
): Record<string, unknown> {
  const object = normalize(values);
  const out = isPlainObject(object) ? object : {};
  const document =
    typeKey === 'data.aws_iam_policy_document'
      ? fromStatementBlocks(out.statement)
      : fromPolicyString(out.policy);
  if (document) out.policy_document = document;
  return out;
}

export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 1 && isPlainObject(value[0]))
      return normalize(value[0]);
    return value.map(normalize);
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== null && v !== undefined) out[k] = normalize(v);
    return out;
  }
  return value;
}

function fromPolicyString(
  policy: unknown,
): Record<string, unknown> | undefined {
  if (typeof policy !== 'string' || !policy.trim().startsWith('{'))
    return undefined;
  try {
    const parsed = JSON.parse(policy);
    return isPlainObject(parsed) ? iamDocument(parsed) : undefined;
  } catch {
    return undefined;
  }
}

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'];

function iamDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const statements = asArray(doc.Statement).filter(isPlainObject);
  return {
    ...doc,
    Statement: statements.map(s => {
      const out: Record<string, unknown> = { ...s };
      for (const field of LIST_FIELDS)
        if (s[field] !== undefined) out[field] = asArray(s[field]);
      return out;
    }),
  };
}

function fromStatementBlocks(
  blocks: unknown,
): Record<string, unknown> | undefined {
  if (blocks === undefined) return undefined;
  const statements = asArray(blocks)
    .filter(isPlainObject)
    .map(b => {
      const s: Record<string, unknown> = {
        Effect: typeof b.effect === 'string' ? b.effect : 'Allow',
      };
      if (b.sid !== undefined) s.Sid = b.sid;
      const pairs: [string, string][] = [
        ['actions', 'Action'],
        ['not_actions', 'NotAction'],
        ['resources', 'Resource'],
        ['not_resources', 'NotResource'],
      ];
      for (const [from, to] of pairs)
        if (b[from] !== undefined) s[to] = asArray(b[from]);
      return s;
    });
  return { Statement: statements };
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
