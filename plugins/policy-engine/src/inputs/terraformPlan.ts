/**
 * A Terraform plan as `terraform show -json` writes it. Resources are the planned values of the
 * root module and its child modules; relations come from the configuration's expression
 * references (a public-access block's `bucket = aws_s3_bucket.logs.id` is known there even when
 * the id is not yet).
 */
import { emptyParsed, isPlainObject, type Parsed } from './parsed';
import { linkSet, type TerraformResource } from './terraformSet';
import { terraformObject } from './terraformShape';

export function isTerraformPlan(
  value: unknown,
): value is Record<string, unknown> {
  return (
    isPlainObject(value) &&
    'format_version' in value &&
    isPlainObject(value.planned_values)
  );
}

export function parseTerraformPlan(
  file: string,
  content: string,
  plan: Record<string, unknown>,
): Parsed {
  const out = emptyParsed();
  const plannedValues = plan.planned_values as Record<string, unknown>;
  const planned = plannedResources(plannedValues.root_module);
  const configuration = isPlainObject(plan.configuration)
    ? plan.configuration
    : {};
  const references = configReferences(configuration.root_module, '');
  const resources: TerraformResource[] = planned.map(r => {
    const configAddress = stripInstanceKeys(r.address);
    const typeKey = `${r.mode === 'data' ? 'data.' : ''}${r.type}`;
    return {
      configAddress,
      address: r.address,
      typeKey,
      mode: r.mode,
      type: r.type,
      name: r.name,
      file,
      line: lineOf(content, r.address),
      object: terraformObject(typeKey, r.values),
      references: references.get(configAddress) ?? [],
    };
  });
  out.files.push({ file, kind: 'terraform-plan', resources: resources.length });
  out.subjects.push(...linkSet(resources));
  return out;
}

interface Planned {
  address: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  values: unknown;
}

function plannedResources(module: unknown): Planned[] {
  if (!isPlainObject(module)) return [];
  const own = (Array.isArray(module.resources) ? module.resources : [])
    .filter(isPlainObject)
    .filter(r => typeof r.address === 'string' && typeof r.type === 'string')
    .map(r => ({
      address: r.address as string,
      mode: (r.mode === 'data' ? 'data' : 'resource') as Planned['mode'],
      type: r.type as string,
      name: String(r.name ?? ''),
      values: r.values ?? {},
    }));
  const children = Array.isArray(module.child_modules)
    ? module.child_modules
    : [];
  return [...own, ...children.flatMap(plannedResources)];
}

/** Config address → the config addresses its expressions reference (module prefixes included). */
function configReferences(
  module: unknown,
  prefix: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isPlainObject(module)) return out;
  const resources = (
    Array.isArray(module.resources) ? module.resources : []
  ).filter(isPlainObject);
  const known = new Set(resources.map(r => `${prefix}${r.address}`));
  for (const r of resources) {
    const found = new Set<string>();
    for (const ref of referenceStrings(r.expressions)) {
      const target = resolveReference(prefix, ref, known);
      if (target) found.add(target);
    }
    out.set(`${prefix}${r.address}`, [...found]);
  }
  const calls = isPlainObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (!isPlainObject(call)) continue;
    configReferences(call.module, `${prefix}module.${name}.`).forEach((v, k) =>
      out.set(k, v),
    );
  }
  return out;
}

function referenceStrings(expressions: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'references' && Array.isArray(child))
          out.push(...child.filter((x): x is string => typeof x === 'string'));
        else visit(child);
      }
    }
  };
  visit(expressions);
  return out;
}

/** `aws_s3_bucket.logs.id` → `aws_s3_bucket.logs` when that is a resource of the module. */
function resolveReference(
  prefix: string,
  ref: string,
  known: ReadonlySet<string>,
): string | undefined {
  const parts = stripInstanceKeys(ref).split('.');
  for (let n = parts.length; n >= 2; n--) {
    const candidate = `${prefix}${parts.slice(0, n).join('.')}`;
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

function stripInstanceKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function lineOf(content: string, address: string): number | undefined {
  const needle = JSON.stringify(address);
  const m = new RegExp(
    `"address"\\s*:\\s*${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
  ).exec(content);
  return m ? content.slice(0, m.index).split('\n').length : undefined;
}
