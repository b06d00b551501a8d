import { SEVERITY_ORDER, type CheckResult, type Violation } from '../types';

/**
 * One line per violation, most severe first:
 * `<severity> <policyId> <file>[:<line>] <resource>: <message> — fix: <remediation> (<link>)`,
 * then a summary line.
 */
export function formatHuman(result: CheckResult): string {
  return [...result.violations.map(violationLine), summary(result)].join('\n');
}

export function violationLine(v: Violation): string {
  const file = v.line ? `${v.file}:${v.line}` : v.file;
  const link = v.link ? ` (${v.link})` : '';
  return `${v.severity} ${v.policyId} ${file} ${v.resource}: ${v.message} — fix: ${v.remediation}${link}`;
}

function summary(result: CheckResult): string {
  const checked = result.files.filter(f => f.kind !== 'skipped');
  const skipped = result.files.length - checked.length;
  const resources = checked.reduce((n, f) => n + f.resources, 0);
  const scope = `${plural(checked.length, 'file')} (${plural(
    resources,
    'resource',
  )}) checked against ${plural(result.policies.length, 'policy', 'policies')}${
    skipped ? `, ${plural(skipped, 'file')} skipped` : ''
  }`;
  if (!result.violations.length) return `No violations: ${scope}.`;
  const counts = SEVERITY_ORDER.map(
    s => [s, result.violations.filter(v => v.severity === s).length] as const,
  )
    .filter(([, n]) => n)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `${plural(
    result.violations.length,
    'violation',
  )} (${counts}): ${scope}.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
