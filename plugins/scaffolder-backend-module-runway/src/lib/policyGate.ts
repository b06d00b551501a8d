/**
 * The audited policy gate, shared by every gating action (`policy:check`, `environment:create`):
 * one `policy-gate` audit event per decision, fail closed when the check itself fails, one
 * actionable line per blocking violation, links absolute so they work from a task log or Slack.
 */
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, toError } from '@backstage/errors';
import type { CheckResult, Severity, Violation } from '@runway/policy-engine';
import { policyEngine } from './policyEngine';

export type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface PolicyGateOptions {
  auditor: AuditorService;
  logger: LoggerService;
  /** What is gated (template, task, entity or environment, dry run): recorded on the audit event. */
  meta: AuditMeta;
  /**
   * Everything that can fail before a decision (reading policies and inputs, checking); a throw is
   * audited as an error and stops the task. `meta` refines the decision's audit record.
   */
  evaluate: () => Promise<{ result: CheckResult; meta?: AuditMeta }>;
  /** Runway's URL without a trailing slash: policy links relative to the portal are made absolute. */
  appBaseUrl: string;
  /** The lowest severity that blocks; default low (any violation). */
  failOn?: Severity;
  /** Who rendered what is checked, for the denial's first line, e.g. the template's ref. */
  renderedBy: string;
  /** Rewrites each violation before it is reported (e.g. workspace-relative file names). */
  mapViolation?: (violation: Violation) => Violation;
  /** When set, a check that evaluated no file is refused with this message instead of passing. */
  nothingCheckedMessage?: string;
}

export interface PolicyGateReport {
  /** Every violation found, blocking or not, with absolute links. */
  violations: Violation[];
  /** Files evaluated (Kubernetes, Terraform or catalog); others are skipped. */
  checked: number;
}

/**
 * Runs the gate. `onReport` sees the findings before the gate decides, so an action can output
 * them even when it then stops the task. Throws the denial (an InputError) when blocked.
 */
export async function runPolicyGate(
  options: PolicyGateOptions,
  onReport?: (report: PolicyGateReport) => void,
): Promise<PolicyGateReport> {
  const { auditor, logger, appBaseUrl } = options;
  const failOn = options.failOn ?? 'low';
  const event = await auditor.createEvent({
    eventId: 'policy-gate',
    severityLevel: 'medium',
    meta: { ...options.meta },
  });
  let evaluated: Awaited<ReturnType<PolicyGateOptions['evaluate']>>;
  try {
    evaluated = await options.evaluate();
  } catch (error) {
    // Fail closed: a gate that could not decide lets nothing through.
    await event.fail({
      error: toError(error),
      meta: { ...options.meta, outcome: 'error' },
    });
    throw error;
  }
  const { result } = evaluated;
  const meta = { ...options.meta, ...evaluated.meta };
  const mapViolation = options.mapViolation ?? (v => v);
  const violations = result.violations.map(v =>
    absoluteLink(mapViolation(v), appBaseUrl),
  );
  const checked = result.files.filter(f => f.kind !== 'skipped').length;
  const blocking = violations.filter(v => atLeast(v.severity, failOn));
  const decision: AuditMeta = {
    ...meta,
    outcome: blocking.length ? 'denied' : 'allowed',
    policiesEvaluated: result.policies.map(p => p.id),
    policiesViolated: unique(violations.map(v => v.policyId)),
    filesChecked: checked,
    violations: violations.length,
    blockingViolations: blocking.length,
  };
  const report = { violations, checked };
  onReport?.(report);
  const { formatHuman } = policyEngine();
  logger.info(formatHuman({ ...result, violations }));
  const below = violations.length - blocking.length;
  if (below)
    logger.warn(
      below === 1
        ? `1 violation is below severity ${failOn} (failOn), so it does not fail this step; fix it before a policy tightens.`
        : `${below} violations are below severity ${failOn} (failOn), so they do not fail this step; fix them before a policy tightens.`,
    );

  if (!checked && options.nothingCheckedMessage) {
    const error = new InputError(options.nothingCheckedMessage);
    await event.fail({ error, meta: { ...decision, outcome: 'error' } });
    throw error;
  }
  if (blocking.length) {
    const error = denial(blocking, failOn, options.renderedBy);
    await event.fail({ error, meta: decision });
    throw error;
  }
  await event.success({ meta: decision });
  return report;
}

/** One line a developer can act on: `<policyId> <file> <resource>: <message> — fix: <remediation> <link>`. */
export function violationLine(v: Violation): string {
  const file = v.line ? `${v.file}:${v.line}` : v.file;
  const link = v.link ? ` ${v.link}` : '';
  return `${v.policyId} ${file} ${v.resource}: ${v.message} — fix: ${v.remediation}${link}`;
}

function denial(
  blocking: Violation[],
  failOn: Severity,
  renderedBy: string,
): InputError {
  const count =
    blocking.length === 1 ? '1 violation' : `${blocking.length} violations`;
  const error = new InputError(
    [
      `Policy gate: what ${renderedBy} rendered has ${count} (severity ${failOn} or higher), so the task stops here. Fix each line below, or ask the template's owners to:`,
      ...blocking.map(violationLine),
    ].join('\n'),
  );
  // The task log prints err.stack; a policy denial is an answer, not a crash.
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

function absoluteLink(v: Violation, appBaseUrl: string): Violation {
  return v.link?.startsWith('/') ? { ...v, link: `${appBaseUrl}${v.link}` } : v;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
