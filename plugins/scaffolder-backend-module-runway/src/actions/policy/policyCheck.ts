/**
 * `policy:check` — the policy gate. It evaluates what the task rendered in its workspace
 * (Kubernetes manifests, Terraform, catalog entities) against Runway's policies before anything is
 * published, fails the step with one actionable line per violation, and records every decision
 * with the auditor. Read-only, so a dry run does all of it.
 */
import path from 'node:path';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, toError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CheckResult,
  Severity,
  Violation,
  defaultPoliciesDir,
  formatHuman,
  loadPolicies,
  readInputs,
} from '@runway/policy-engine';
import { examples } from './policyCheck.examples';
import { resolveWorkspacePaths } from './workspacePaths';

export interface PolicyCheckOptions {
  auditor: AuditorService;
  /** Runway's URL (`app.baseUrl`): policy links relative to the portal are made absolute with it. */
  appBaseUrl: string;
  /** `runway.policies.dir`; default the engine's baseline policies. */
  policiesDir?: string;
}

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export function createPolicyCheckAction(options: PolicyCheckOptions) {
  const { auditor } = options;
  const appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
  return createTemplateAction({
    id: 'policy:check',
    description:
      "Checks what the task rendered in its workspace (Kubernetes manifests, Terraform, catalog entities) against Runway's policies, and fails the step, before anything is published, with one line per violation saying what to fix.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        paths: z =>
          z
            .array(z.string(), {
              description:
                'Workspace-relative files, directories or globs to check (default ["."], the whole workspace). ".." and absolute paths are refused; each must match something.',
            })
            .min(1)
            .optional(),
        policiesDir: z =>
          z
            .string({
              description:
                "A workspace-relative directory of policies to use instead of Runway's (runway.policies.dir, else the baseline), e.g. one the template fetched with fetch:plain.",
            })
            .optional(),
        failOn: z =>
          z
            .enum(['low', 'medium', 'high', 'critical'], {
              description:
                'The lowest severity that fails the step (default low: any violation fails). Violations below it are logged as warnings.',
            })
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'The entity the task creates, e.g. component:default/ledger; recorded in the audit event.',
            })
            .optional(),
      },
      output: {
        violations: z =>
          z.array(
            z.object({
              policyId: z.string(),
              title: z.string(),
              severity: z.enum(['low', 'medium', 'high', 'critical']),
              file: z.string(),
              resource: z.string(),
              message: z.string(),
              remediation: z.string(),
              link: z.string().optional(),
              line: z.number().optional(),
            }),
            {
              description:
                'Every violation found, blocking or not; file is workspace-relative and link absolute.',
            },
          ),
        checked: z =>
          z.number({
            description:
              'How many files were evaluated (Kubernetes, Terraform or catalog); other files are skipped.',
          }),
      },
    },
    async handler(ctx) {
      const failOn = ctx.input.failOn ?? 'low';
      const meta: AuditMeta = {
        template: ctx.templateInfo?.entityRef ?? null,
        entity: ctx.input.entityRef ?? null,
        taskId: ctx.task.id,
        step: ctx.step?.id ?? null,
        dryRun: Boolean(ctx.isDryRun),
        failOn,
      };
      const event = await auditor.createEvent({
        eventId: 'policy-gate',
        severityLevel: 'medium',
        meta: { ...meta },
      });

      let result: CheckResult;
      try {
        meta.entity = ctx.input.entityRef
          ? normaliseEntityRef(ctx.input.entityRef)
          : null;
        const workspace = ctx.workspacePath;
        const policiesDir = ctx.input.policiesDir
          ? (
              await resolveWorkspacePaths(
                workspace,
                [ctx.input.policiesDir],
                'policiesDir',
              )
            )[0]
          : options.policiesDir ?? defaultPoliciesDir();
        const files = await resolveWorkspacePaths(
          workspace,
          ctx.input.paths ?? ['.'],
        );
        const policies = await loadPolicies(policiesDir);
        const inputs = await readInputs(files, workspace);
        result = await policies.check(inputs);
      } catch (error) {
        // Fail closed: a gate that could not decide lets nothing through.
        await event.fail({
          error: toError(error),
          meta: { ...meta, outcome: 'error' },
        });
        throw error;
      }

      const violations = result.violations.map(v =>
        absoluteLink(relativeFile(v, ctx.workspacePath), appBaseUrl),
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
      ctx.output('violations', violations);
      ctx.output('checked', checked);
      ctx.logger.info(formatHuman({ ...result, violations }));
      const below = violations.length - blocking.length;
      if (below)
        ctx.logger.warn(
          below === 1
            ? `1 violation is below severity ${failOn} (failOn), so it does not fail this step; fix it before a policy tightens.`
            : `${below} violations are below severity ${failOn} (failOn), so they do not fail this step; fix them before a policy tightens.`,
        );

      if (!checked) {
        const error = new InputError(
          `policy:check found nothing it can evaluate in ${JSON.stringify(
            ctx.input.paths ?? ['.'],
          )} (no Kubernetes manifest, Terraform or catalog entity); point paths at the rendered files.`,
        );
        await event.fail({ error, meta: { ...decision, outcome: 'error' } });
        throw error;
      }
      if (blocking.length) {
        const error = denial(
          blocking,
          failOn,
          ctx.templateInfo?.entityRef ?? 'the template',
        );
        await event.fail({ error, meta: decision });
        throw error;
      }
      await event.success({ meta: decision });
    },
  });
}

/** One line a developer can act on: `<policyId> <file> <resource>: <message> — fix: <remediation> <link>`. */
export function violationLine(v: Violation): string {
  const file = v.line ? `${v.file}:${v.line}` : v.file;
  const link = v.link ? ` ${v.link}` : '';
  return `${v.policyId} ${file} ${v.resource}: ${v.message} — fix: ${v.remediation}${link}`;
}

export function denial(
  blocking: Violation[],
  failOn: Severity,
  template: string,
): InputError {
  const count =
    blocking.length === 1 ? '1 violation' : `${blocking.length} violations`;
  const error = new InputError(
    [
      `Policy gate: what ${template} rendered has ${count} (severity ${failOn} or higher), so the task stops here. Fix each line below, or ask the template's owners to:`,
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

function relativeFile(v: Violation, workspacePath: string): Violation {
  const absolute = path.resolve(workspacePath, v.file);
  return {
    ...v,
    file: path.relative(workspacePath, absolute).split(path.sep).join('/'),
  };
}

export function absoluteLink(v: Violation, appBaseUrl: string): Violation {
  return v.link?.startsWith('/') ? { ...v, link: `${appBaseUrl}${v.link}` } : v;
}

function normaliseEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    throw new InputError(
      `entityRef ${JSON.stringify(
        ref,
      )} is not an entity reference; give one such as component:default/ledger.`,
    );
  }
}

export function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
