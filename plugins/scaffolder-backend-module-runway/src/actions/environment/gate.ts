/**
 * The policy gate over what `environment:create` rendered, before it is delivered: the same
 * policies, the same actionable denial and the same `policy-gate` audit event as `policy:check`.
 */
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { PolicySet, formatHuman } from '@runway/policy-engine';
import { absoluteLink, denial, unique } from '../policy/policyCheck';

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

export async function gateManifests(options: {
  auditor: AuditorService;
  policies: PolicySet;
  /** Path → YAML. */
  files: Record<string, string>;
  appBaseUrl: string;
  meta: AuditMeta;
  logger: LoggerService;
}): Promise<void> {
  const { auditor, policies, files, appBaseUrl, meta, logger } = options;
  const event = await auditor.createEvent({
    eventId: 'policy-gate',
    severityLevel: 'medium',
    meta: { ...meta },
  });
  let result;
  try {
    result = await policies.check(
      Object.entries(files).map(([path, content]) => ({ path, content })),
    );
  } catch (error) {
    await event.fail({
      error: toError(error),
      meta: { ...meta, outcome: 'error' },
    });
    throw error;
  }
  const violations = result.violations.map(v => absoluteLink(v, appBaseUrl));
  const decision: AuditMeta = {
    ...meta,
    outcome: violations.length ? 'denied' : 'allowed',
    policiesEvaluated: result.policies.map(p => p.id),
    policiesViolated: unique(violations.map(v => v.policyId)),
    filesChecked: result.files.filter(f => f.kind !== 'skipped').length,
    violations: violations.length,
  };
  logger.info(formatHuman({ ...result, violations }));
  if (violations.length) {
    const error = denial(violations, 'low', 'environment:create');
    await event.fail({ error, meta: decision });
    throw error;
  }
  await event.success({ meta: decision });
}
