/**
 * `environment:sandbox:create` — an engineer's sandbox, the onboarding step: an environment of type
 * `sandbox` (a namespace with a small quota, guard rails and a Role bound to the engineer alone),
 * with no expiry, owned by the engineer and charged to their team. It goes the way every
 * environment goes: the environments API is asked first (nothing written yet), the manifests are
 * rendered and checked by the policy gate, the lease is recorded as provisioning, the manifests are
 * delivered, and the lease is marked ready. One sandbox per engineer, named after them: a retried
 * or re-run task finds the same lease and delivers nothing new.
 */
import {
  AuditorService,
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateEnvironmentRequest,
  SANDBOX_TYPE,
  sandboxEnvironmentName,
} from '@runway/plugin-environments-common';
import {
  EnvironmentDelivery,
  EnvironmentsApiClient,
  renderEnvironment,
} from '@runway/plugin-environments-node';
import { actingCredentials } from '../../lib/credentials';
import { ownerTeamSlug, userRefOf } from './catalogServices';
import { checkEnvironmentPolicies, deliverEnvironment } from './provisioning';
import { examples } from './sandboxCreate.examples';
import { EnvironmentActionSettings } from './settings';

export interface SandboxCreateOptions {
  settings: EnvironmentActionSettings;
  /** The delivery `environment:create` uses, and the environments plugin tears down with. */
  delivery: EnvironmentDelivery;
  catalog: CatalogService;
  discovery: DiscoveryService;
  auth: AuthService;
  auditor: AuditorService;
}

export function createEnvironmentSandboxCreateAction(
  options: SandboxCreateOptions,
) {
  const { settings, catalog, delivery, auth } = options;
  const api = new EnvironmentsApiClient(options);
  return createTemplateAction({
    id: 'environment:sandbox:create',
    description:
      'Gives an engineer their sandbox: an environment of type sandbox (namespace, small quota, guard rails, a Role bound to the engineer alone) with no expiry, owned by the engineer and charged to their team; delivered and recorded like any environment, once per engineer.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z.string({
            description:
              'The engineer, a User entity ref such as user:default/ada-lovelace: the sandbox is theirs alone.',
          }),
        team: z =>
          z.string({
            description:
              "The engineer's team, a Group ref such as group:default/payments: charged for the sandbox.",
          }),
      },
      output: {
        name: z => z.string({ description: 'The sandbox, sandbox-<name>.' }),
        namespace: z => z.string(),
        environmentUrl: z =>
          z.string({ description: "The sandbox in Runway's portal." }),
        state: z =>
          z.string({ description: 'The lease, read back: active once done.' }),
        delivery: z =>
          z.string({
            description:
              'Where the manifests went: a commit, a pull request or the cluster.',
          }),
        deliveryUrl: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const owner = userRefOf(ctx.input.owner, 'owner');
      const credentials = await actingCredentials(ctx, auth);
      const team = await ownerTeamSlug(
        catalog,
        ctx.input.team,
        credentials,
        'team',
      );
      const name = sandboxEnvironmentName(owner);
      const lease: CreateEnvironmentRequest = {
        name,
        type: SANDBOX_TYPE,
        ownerTeam: team.ref,
        ownerUser: owner,
        services: [],
        requestedBy: ctx.user?.ref,
      };

      // Before any write: who may make it, and whether the engineer has another one.
      const existing = await api.check(lease, credentials);
      const rendered = renderEnvironment(
        {
          name,
          type: SANDBOX_TYPE,
          team: team.slug,
          ownerUser: owner,
          // As first recorded, so a re-run by someone else renders the same files.
          requestedBy:
            existing.outcome === 'exists'
              ? existing.environment.requestedBy
              : ctx.user?.ref ?? owner,
          quota: settings.quotas.sandbox,
          services: [],
        },
        settings.manifests,
      );
      await checkEnvironmentPolicies({
        files: rendered.files,
        meta: {
          environment: name,
          template: ctx.templateInfo?.entityRef ?? null,
          taskId: ctx.task.id,
          dryRun: Boolean(ctx.isDryRun),
        },
        renderedBy: 'environment:sandbox:create',
        auditor: options.auditor,
        logger: ctx.logger,
        appBaseUrl: settings.appBaseUrl,
        policiesDir: settings.policiesDir,
      });
      ctx.output('name', name);
      ctx.output('namespace', rendered.namespace);
      ctx.output(
        'environmentUrl',
        `${settings.appBaseUrl}/environments/${encodeURIComponent(name)}`,
      );
      if (ctx.isDryRun) {
        ctx.output('state', 'dry run');
        ctx.output('delivery', 'dry run: nothing delivered or recorded');
        return;
      }

      // The lease first, so that nothing delivered is ever untracked.
      const recorded = await api.record(
        { ...lease, provisioning: true },
        credentials,
      );
      ctx.logger.info(
        `Lease recorded (${recorded.state}): sandbox ${name} of ${owner}, charged to ${team.ref}; no expiry.`,
      );
      const delivered = await deliverEnvironment({
        delivery,
        name,
        rendered,
        summary: `Sandbox ${name} of ${owner} (team ${team.ref})`,
        logger: ctx.logger,
        checkpoint: ctx.checkpoint,
      });
      ctx.logger.info(`Delivered: ${delivered.description}`);
      ctx.output('delivery', delivered.description);
      if (delivered.url) ctx.output('deliveryUrl', delivered.url);

      const ready = await api.ready(name, credentials);
      ctx.logger.info(`Sandbox ${name} is ${ready.state}.`);
      ctx.output('state', ready.state);
    },
  });
}
