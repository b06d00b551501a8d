/**
 * Evaluates one compiled policy against one subject. Variables are computed only when a
 * validation needs them, once per subject. An expression that fails at run time is a violation
 * that says so; it never stops the check.
 */
import { isCelError, type CelInput, type CelResult } from '@bufbuild/cel';
import type { CelValueCache } from '../cel/toCelValue';
import type {
  CompiledPolicy,
  CompiledValidation,
} from '../policy/compiledPolicy';
import type { Subject, Violation } from '../types';

/** A subject's CEL variables, converted once and shared by every policy that matches it. */
export interface SubjectBindings {
  object: CelInput;
  resource: CelInput;
  related: CelInput;
  objects: CelInput;
}

export function subjectBindings(
  subject: Subject,
  cache: CelValueCache,
): SubjectBindings {
  return {
    object: cache.toCel(subject.object),
    resource: cache.toCel(subject.resource),
    related: cache.toCel(subject.related),
    objects: cache.toCel(subject.objects),
  };
}

export function evaluatePolicy(
  compiled: CompiledPolicy,
  subject: Subject,
  base: SubjectBindings,
): Violation[] {
  const { policy } = compiled;
  const values = new Map<string, CelResult>();
  const violations: Violation[] = [];
  const report = (message: string) =>
    violations.push({
      policyId: policy.id,
      title: policy.title,
      severity: policy.severity,
      file: subject.file,
      resource: subject.resource.address,
      message,
      remediation: policy.remediation,
      ...(policy.link ? { link: policy.link } : {}),
      ...(subject.line ? { line: subject.line } : {}),
    });

  for (const validation of compiled.validations) {
    const variables: Record<string, CelInput> = {};
    let failed: string | undefined;
    for (const name of validation.needs) {
      if (!values.has(name)) {
        const variable = compiled.variables.find(v => v.name === name)!;
        values.set(name, variable.expression.evaluate({ ...base, variables }));
      }
      const value = values.get(name)!;
      if (isCelError(value)) {
        failed = `variable ${name} could not be evaluated: ${value.message}`;
        break;
      }
      variables[name] = value as CelInput;
    }
    const where = `policy ${policy.id} validations[${validation.index}]`;
    if (failed) {
      report(
        `${where}: ${failed} (the expression failed, so the resource is not shown to comply)`,
      );
      continue;
    }
    const bindings = { ...base, variables };
    const result = validation.expression.evaluate(bindings);
    if (result === true) continue;
    if (isCelError(result)) {
      report(
        `${where}: the expression failed: ${result.message} (so the resource is not shown to comply)`,
      );
    } else if (result !== false) {
      report(
        `${where}: the expression returned ${describe(
          result,
        )} instead of true or false`,
      );
    } else report(messageOf(validation, bindings));
  }
  return violations;
}

function messageOf(
  validation: CompiledValidation,
  bindings: Record<string, CelInput>,
): string {
  if (validation.messageExpression) {
    const text = validation.messageExpression.evaluate(bindings);
    if (typeof text === 'string' && text.trim()) return text;
  }
  return validation.message ?? `failed: ${validation.expression.source}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'bigint' || typeof value === 'number')
    return `the number ${value}`;
  return value === null ? 'null' : 'a value';
}
