/**
 * `policy:check` — the policy gate. It evaluates what the task rendered in its workspace
 * (Kubernetes manifests, Terraform, catalog entities) against Runway's policies before anything is
 * published, fails the step with one actionable line per violation, and records every decision
 * with the auditor. Read-only, so a dry run does all of it.
 */
import path from 'node:path';
import { AuditorService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { Violation } from '@runway/policy-engine';
import { runPolicyGate } from '../../lib/policyGate';
import { policyEngine } from '../../lib/policyEngine';
import { examples } from './policyCheck.examples';
import { resolveWorkspacePaths } from './workspacePaths';

export interface PolicyCheckOptions {
  auditor: AuditorService;
  /** Runway's URL without a trailing slash (platform-node's `appBaseUrl`): policy links are made absolute with it. */
  appBaseUrl: string;
  /** `runway.policies.dir`; default the engine's baseline policies. */
  policiesDir?: string;
}

export function createPolicyCheckAction(options: PolicyCheckOptions) {
  const { auditor, appBaseUrl } = options;
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
      const workspace = ctx.workspacePath;
      await runPolicyGate(
        {
          auditor,
          logger: ctx.logger,
          appBaseUrl,
          failOn,
          renderedBy: ctx.templateInfo?.entityRef ?? 'the template',
          meta: {
            template: ctx.templateInfo?.entityRef ?? null,
            entity: ctx.input.entityRef ?? null,
            taskId: ctx.task.id,
            step: ctx.step?.id ?? null,
            dryRun: Boolean(ctx.isDryRun),
            failOn,
          },
          evaluate: async () => {
            const { defaultPoliciesDir, loadPolicies, readInputs } =
              policyEngine();
            const entity = ctx.input.entityRef
              ? normaliseEntityRef(ctx.input.entityRef)
              : null;
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
            return { result: await policies.check(inputs), meta: { entity } };
          },
          mapViolation: v => relativeFile(v, workspace),
          nothingCheckedMessage: `policy:check found nothing it can evaluate in ${JSON.stringify(
            ctx.input.paths ?? ['.'],
          )} (no Kubernetes manifest, Terraform or catalog entity); point paths at the rendered files.`,
        },
        report => {
          ctx.output('violations', report.violations);
          ctx.output('checked', report.checked);
        },
      );
    },
  });
}

function relativeFile(v: Violation, workspacePath: string): Violation {
  const absolute = path.resolve(workspacePath, v.file);
  return {
    ...v,
    file: path.relative(workspacePath, absolute).split(path.sep).join('/'),
  };
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
