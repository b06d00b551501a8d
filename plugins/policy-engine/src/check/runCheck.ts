import { parseInputs } from '../inputs/parseInputs';
import type { InputProblem } from '../inputs/parsed';
import type { CompiledPolicy } from '../policy/compiledPolicy';
import {
  SEVERITY_ORDER,
  type CheckResult,
  type PolicyInput,
  type Violation,
} from '../types';
import { CelValueCache } from '../cel/toCelValue';
import { evaluatePolicy, subjectBindings } from './evaluate';
import { matches } from './matches';

/** The id violations about unreadable inputs carry; it is not a policy file. */
export const INPUT_INVALID = 'input-invalid';
export const INPUT_INVALID_TITLE = 'Input can be parsed';

export async function runCheck(
  compiled: CompiledPolicy[],
  inputs: PolicyInput[],
): Promise<CheckResult> {
  const { subjects, files, problems } = await parseInputs(inputs);
  const violations = problems.map(problemViolation);
  const cache = new CelValueCache();
  for (const subject of subjects) {
    const applicable = compiled.filter(c => matches(c.policy.match, subject));
    if (!applicable.length) continue;
    const bindings = subjectBindings(subject, cache);
    for (const c of applicable)
      violations.push(...evaluatePolicy(c, subject, bindings));
  }
  return {
    violations: violations.sort(byImportance),
    files,
    policies: compiled.map(c => c.policy),
  };
}

/** A gate that cannot read a manifest cannot say it complies: that is a violation too. */
function problemViolation(problem: InputProblem): Violation {
  return {
    policyId: INPUT_INVALID,
    title: INPUT_INVALID_TITLE,
    severity: 'high',
    file: problem.file,
    resource: problem.file,
    message: problem.message,
    remediation:
      'Fix the syntax at the line given so the policies can check the file (run the tool that consumes it, e.g. kubectl apply --dry-run=client or terraform validate, for its full error).',
    ...(problem.line ? { line: problem.line } : {}),
  };
}

function byImportance(a: Violation, b: Violation): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    compare(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compare(a.policyId, b.policyId)
  );
}

/** Code-unit order: stable across locales, and cheap for thousands of violations. */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
