/**
 * `environment:create` — provisions an ephemeral environment. The handler is the order of its
 * steps: check the inputs, resolve the owner and services in the catalog, ask the environments API
 * whether the lease would be accepted (before anything is written), render the manifests, run the
 * policy gate, record the lease as provisioning, deliver (GitOps commit or pull request, or direct
 * apply: the delivery chosen from config), then either leave it to the environments plugin to mark
 * it ready once Argo CD reports it Healthy (Argo CD configured, GitOps delivery: the plugin
 * comments on the pull request then) or mark the lease ready and comment the URLs on the
 * engineer's pull request at once. The lease comes before the delivery so that a failure in between leaves
 * nothing untracked: a lease left provisioning is torn down (with whatever was delivered). Every write is a
 * checkpoint or idempotent, so a retried task repeats nothing.
 */
import {
  AuditorService,
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  EPHEMERAL_ENVIRONMENT_TYPES,
  EnvironmentType,
  addDays,
  environmentNameProblem,
  lifetimeDaysProblem,
} from '@runway/plugin-environments-common';
import {
  EnvironmentDelivery,
  EnvironmentsApiClient,
  LeaseCheck,
  PullRequestRef,
  commentMarker,
  environmentComment,
  parsePullRequestUrl,
  renderEnvironment,
} from '@runway/plugin-environments-node';
import { createGithubClient, upsertMarkedComment } from '@runway/github-node';
import { ownerTeamSlug, resolveServices } from './catalogServices';
import { examples } from './environmentCreate.examples';
import { checkEnvironmentPolicies, deliverEnvironment } from './provisioning';
import { EnvironmentActionSettings } from './settings';

export interface EnvironmentCreateOptions {
  settings: EnvironmentActionSettings;
  /** How manifests reach the cluster (createEnvironmentDelivery), shared with the teardown. */
  delivery: EnvironmentDelivery;
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  discovery: DiscoveryService;
  auth: AuthService;
  auditor: AuditorService;
}

export function createEnvironmentCreateAction(
  options: EnvironmentCreateOptions,
) {
  const { settings, catalog, integrations, delivery } = options;
  const leases = new EnvironmentsApiClient(options);
  const maxDays = settings.lifetime.maxLifetimeDays;

  return createTemplateAction({
    id: 'environment:create',
    description:
      "Provisions an ephemeral environment: namespace with quota and guard rails, each service on its branch through Argo CD, URLs under the environment's domain, fixtures; delivered by GitOps or directly, checked by the policy gate, with a lease that expires.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'DNS label of at most 40 characters, unique among live environments, e.g. pr-42-checkout.',
          }),
        type: z =>
          z.enum(EPHEMERAL_ENVIRONMENT_TYPES, {
            description:
              'feature (torn down after a day without activity), staging or performance; sets the quota.',
          }),
        owner: z =>
          z.string({
            description:
              'The owner team, a group entity ref such as group:default/payments: it may extend and destroy the environment.',
          }),
        services: z =>
          z
            .array(
              z.object({
                entityRef: z.string({
                  description:
                    'A Component, e.g. component:default/checkout-api',
                }),
                branch: z
                  .string({ description: 'Branch to deploy; default main.' })
                  .optional(),
              }),
              {
                description:
                  'Catalog services to deploy, each from a branch of its repository.',
              },
            )
            .optional(),
        system: z =>
          z
            .string({
              description:
                'A system entity ref: every Component of it is deployed (on main unless listed in services).',
            })
            .optional(),
        lifetimeDays: z =>
          z
            .number({
              description: `Days until teardown; default ${settings.lifetime.defaultLifetimeDays}, at most ${maxDays}.`,
            })
            .optional(),
        pullRequestUrl: z =>
          z
            .string({
              description:
                "The engineer's pull request: the environment's URLs are commented on it.",
            })
            .optional(),
      },
      output: {
        name: z => z.string(),
        namespace: z => z.string(),
        urls: z =>
          z.record(z.string(), { description: 'Service name → its URL.' }),
        expiresAt: z => z.string(),
        environmentUrl: z =>
          z.string({ description: "The environment in Runway's portal." }),
        delivery: z =>
          z.string({
            description:
              'Where the manifests went: a commit, a pull request or the cluster.',
          }),
        deliveryUrl: z => z.string().optional(),
        commentUrl: z => z.string().optional(),
        readiness: z =>
          z
            .string({
              description:
                'When the environment is ready: now, or once Argo CD reports it Healthy.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { lifetimeDays, pullRequest } = checkInputs(input);
      const credentials = await ctx.getInitiatorCredentials();
      const owner = await ownerTeamSlug(catalog, input.owner, credentials);
      const services = await resolveServices(
        catalog,
        input.services ?? [],
        input.system,
        { githubHost: settings.github.host, credentials },
      );
      const lease = {
        name: input.name,
        type: input.type,
        ownerTeam: owner.ref,
        services: services.map(s => ({
          entityRef: s.entityRef,
          branch: s.branch,
        })),
        lifetimeDays,
        requestedBy: ctx.user?.ref,
      };

      // Before any write: a taken name, a team the user is not in or a bad lifetime stop here.
      const existing = await leases.check(lease, credentials);
      refuseAnotherEnvironment(existing, input.type, owner.ref);
      const expiresAt = await ctx.checkpoint({
        key: `environment.expiresAt.${input.name}.v1`,
        fn: async () =>
          (existing.outcome === 'exists' && existing.environment.expiresAt) ||
          addDays(new Date(), lifetimeDays).toISOString(),
      });
      const rendered = renderEnvironment(
        {
          name: input.name,
          type: input.type,
          team: owner.slug,
          requestedBy: ctx.user?.ref ?? 'unknown',
          expiresAt: new Date(expiresAt),
          quota: settings.quotas[input.type],
          services,
        },
        settings.manifests,
      );
      await checkEnvironmentPolicies({
        files: rendered.files,
        meta: {
          environment: input.name,
          template: ctx.templateInfo?.entityRef ?? null,
          taskId: ctx.task.id,
          dryRun: Boolean(ctx.isDryRun),
        },
        renderedBy: 'environment:create',
        auditor: options.auditor,
        logger: ctx.logger,
        appBaseUrl: settings.appBaseUrl,
        policiesDir: settings.policiesDir,
      });

      const environmentUrl = `${
        settings.appBaseUrl
      }/environments/${encodeURIComponent(input.name)}`;
      ctx.output('name', input.name);
      ctx.output('namespace', rendered.namespace);
      ctx.output('urls', rendered.urls);
      ctx.output('expiresAt', expiresAt);
      ctx.output('environmentUrl', environmentUrl);
      if (ctx.isDryRun) {
        ctx.output('delivery', 'dry run: nothing delivered or recorded');
        return;
      }

      // The lease first, as provisioning, so that nothing delivered is ever untracked. The manifests
      // expire exactly when the lease does (unless it was recorded before). A retried task gets the
      // same lease back, and delivers again (the delivery is idempotent).
      const recorded = await leases.record(
        {
          ...lease,
          urls: rendered.urls,
          provisioning: true,
          ...(existing.outcome === 'new' && { expiresAt }),
          ...(settings.readyWhenHealthy && {
            readyWhenHealthy: true,
            pullRequestUrl: input.pullRequestUrl,
          }),
        },
        credentials,
      );
      ctx.logger.info(
        `Lease recorded (${recorded.state}): ${recorded.name} expires ${recorded.expiresAt}; owner ${recorded.ownerTeam}.`,
      );

      const delivered = await deliverEnvironment({
        delivery,
        name: input.name,
        rendered,
        summary: `Environment ${input.name} (${input.type}) for ${
          owner.ref
        }, requested by ${ctx.user?.ref ?? 'unknown'}`,
        expiresAt,
        logger: ctx.logger,
        checkpoint: ctx.checkpoint,
      });
      ctx.logger.info(`Delivered: ${delivered.description}`);
      ctx.output('delivery', delivered.description);
      if (delivered.url) ctx.output('deliveryUrl', delivered.url);

      if (settings.readyWhenHealthy) {
        // The environments plugin's health watcher marks it ready (or failed) and comments.
        const readiness = `Environment ${
          input.name
        } is provisioning: Runway marks it ready when Argo CD reports all its Applications Healthy${
          pullRequest ? ', and comments on the pull request then' : ''
        }. Follow it at ${environmentUrl}`;
        ctx.logger.info(readiness);
        ctx.output('readiness', readiness);
        return;
      }
      const ready = await leases.ready(input.name, credentials);
      ctx.logger.info(`Environment ${ready.name} is ${ready.state}.`);
      ctx.output('readiness', `Environment ${ready.name} is ${ready.state}.`);

      if (pullRequest) {
        const commentUrl = await ctx.checkpoint({
          key: `environment.comment.${input.name}.${pullRequest.owner}.${pullRequest.repo}.${pullRequest.number}.v1`,
          fn: () =>
            commentOnPullRequest(
              pullRequest,
              input.name,
              environmentComment({
                name: input.name,
                urls: rendered.urls,
                branches: Object.fromEntries(
                  services.map(s => [s.name, s.branch]),
                ),
                expiresAt: recorded.expiresAt ?? expiresAt,
                environmentUrl,
              }),
              ctx.logger,
            ),
        });
        ctx.output('commentUrl', commentUrl);
      }
    },
  });

  /** The checks that need no look-up: name, lifetime, pull request address. */
  function checkInputs(input: {
    name: string;
    lifetimeDays?: number;
    pullRequestUrl?: string;
  }): { lifetimeDays: number; pullRequest?: PullRequestRef } {
    const nameProblem = environmentNameProblem(input.name);
    if (nameProblem) throw new InputError(`name: ${nameProblem}`);
    const lifetimeDays =
      input.lifetimeDays ?? settings.lifetime.defaultLifetimeDays;
    const daysProblem = lifetimeDaysProblem(lifetimeDays, settings.lifetime);
    if (daysProblem) throw new InputError(`lifetimeDays ${daysProblem}`);
    const pullRequest = input.pullRequestUrl
      ? parsePullRequestUrl(input.pullRequestUrl)
      : undefined;
    if (pullRequest && !integrations.github.byHost(pullRequest.host)) {
      throw new InputError(
        `pullRequestUrl is on ${pullRequest.host}, which has no GitHub integration; give a pull request on ${settings.github.host}`,
      );
    }
    return { lifetimeDays, pullRequest };
  }

  async function commentOnPullRequest(
    pr: PullRequestRef,
    environment: string,
    body: string,
    logger: LoggerService,
  ): Promise<string> {
    const client = await createGithubClient({
      integrations,
      host: pr.host,
      owner: pr.owner,
      repo: pr.repo,
      logger,
      writeIntervalMs: settings.github.writeIntervalMs,
      requestTimeoutMs: settings.github.requestTimeoutMs,
    });
    return upsertMarkedComment(client, pr, commentMarker(environment), body);
  }
}

/**
 * A re-run finds its own lease (same name, requester and services); its type and team must match
 * too, or the manifests would say one thing and the lease another.
 */
function refuseAnotherEnvironment(
  existing: LeaseCheck,
  type: EnvironmentType,
  ownerRef: string,
) {
  if (existing.outcome !== 'exists') return;
  const recorded = existing.environment;
  if (recorded.type !== type || recorded.ownerTeam !== ownerRef) {
    throw new InputError(
      `${recorded.type !== type ? 'type' : 'owner'}: environment ${
        recorded.name
      } already exists as a ${recorded.type} environment of ${
        recorded.ownerTeam
      }; run it with the same type and owner, destroy it first, or pick another name.`,
    );
  }
}
