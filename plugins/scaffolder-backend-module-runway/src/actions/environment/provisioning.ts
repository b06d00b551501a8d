/**
 * The steps every environment goes through on its way to the cluster, whether an ephemeral one
 * (`environment:create`) or an engineer's sandbox (`environment:sandbox:create`): the policy gate
 * over what was rendered, then the delivery, as a checkpoint so a retried task repeats no write.
 */
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Delivered,
  EnvironmentDelivery,
  RenderedEnvironment,
} from '@runway/plugin-environments-node';
import { Checkpoint } from '@runway/github-node';
import { AuditMeta, runPolicyGate } from '../../lib/policyGate';
import { policyEngine } from '../../lib/policyEngine';

/** The policy gate over the rendered files, before anything is delivered. */
export async function checkEnvironmentPolicies(options: {
  files: RenderedEnvironment['files'];
  meta: AuditMeta;
  renderedBy: string;
  auditor: AuditorService;
  logger: LoggerService;
  appBaseUrl: string;
  /** `runway.policies.dir`; undefined means the baseline policies. */
  policiesDir?: string;
}): Promise<void> {
  const { files, meta, renderedBy } = options;
  await runPolicyGate({
    auditor: options.auditor,
    logger: options.logger,
    appBaseUrl: options.appBaseUrl,
    renderedBy,
    meta,
    evaluate: async () => {
      const { defaultPoliciesDir, loadPolicies } = policyEngine();
      const policies = await loadPolicies(
        options.policiesDir ?? defaultPoliciesDir(),
      );
      return {
        result: await policies.check(
          Object.entries(files).map(([path, content]) => ({ path, content })),
        ),
      };
    },
    nothingCheckedMessage: `${renderedBy} rendered nothing the policies can check for ${String(
      meta.environment,
    )}; this is a Runway defect, report it.`,
  });
}

/** Delivers the rendered environment once: a retried task replays the checkpoint. */
export function deliverEnvironment(options: {
  delivery: EnvironmentDelivery;
  name: string;
  rendered: Pick<RenderedEnvironment, 'files' | 'manifests'>;
  summary: string;
  expiresAt?: string;
  logger: LoggerService;
  checkpoint: Checkpoint;
}): Promise<Delivered> {
  const { delivery, name, checkpoint, logger } = options;
  return checkpoint({
    key: `environment.deliver.${name}.v1`,
    fn: () =>
      delivery.deliver(
        {
          name,
          rendered: options.rendered,
          summary: options.summary,
          expiresAt: options.expiresAt,
        },
        { logger, checkpoint },
      ),
  });
}
