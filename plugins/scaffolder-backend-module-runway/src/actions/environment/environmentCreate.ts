/**
 * `environment:create` — provisions an ephemeral environment: resolves the services in the
 * catalog, asks the environments API whether the lease would be accepted (before anything is
 * written), renders the manifests, runs them through the policy gate, delivers them by GitOps
 * (commit or pull request into platform-config's `environments/<name>/`) or directly (server-side
 * apply), records the lease and comments the URLs on the engineer's pull request. Every write is
 * a checkpoint or idempotent, so a retried task repeats nothing.
 */
import {
  AuditorService,
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateEnvironmentRequest,
  ENVIRONMENT_TYPES,
  addDays,
  environmentNameProblem,
  lifetimeDaysProblem,
} from '@runway/plugin-environments-common';
import {
  applyManifests,
  commitToDefaultBranch,
  describeResource,
  environmentBranch,
  kubeConfigFor,
} from '@runway/plugin-environments-node';
import { defaultPoliciesDir, loadPolicies } from '@runway/policy-engine';
import { createGithubClient } from '../terraform/github';
import { publishPullRequest } from '../terraform/pullRequest';
import { ownerTeamSlug, resolveServices } from './catalogServices';
import { examples } from './environmentCreate.examples';
import { gateManifests } from './gate';
import { EnvironmentLeases } from './leases';
import { renderEnvironment } from './manifests';
import {
  environmentComment,
  parsePullRequestUrl,
  upsertComment,
} from './pullRequestComment';
import { EnvironmentActionSettings } from './settings';

export interface EnvironmentCreateOptions {
  settings: EnvironmentActionSettings;
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  discovery: DiscoveryService;
  auth: AuthService;
  auditor: AuditorService;
  /** `runway.policies.dir`; default the baseline policies. */
  policiesDir?: string;
}

export function createEnvironmentCreateAction(
  options: EnvironmentCreateOptions,
) {
  const { settings, catalog, integrations } = options;
  const leases = new EnvironmentLeases(options);
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
          z.enum(ENVIRONMENT_TYPES, {
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
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const nameProblem = environmentNameProblem(input.name);
      if (nameProblem) throw new InputError(`name ${nameProblem}`);
      const lifetimeDays =
        input.lifetimeDays ?? settings.lifetime.defaultLifetimeDays;
      const daysProblem = lifetimeDaysProblem(lifetimeDays, settings.lifetime);
      if (daysProblem) throw new InputError(`lifetimeDays ${daysProblem}`);
      const pullRequest = input.pullRequestUrl
        ? parsePullRequestUrl(input.pullRequestUrl)
        : undefined;
      if (pullRequest && !integrations.github.byHost(pullRequest.host)) {
        throw new InputError(
          `pullRequestUrl is on ${pullRequest.host}, which has no GitHub integration; give a pull request on ${settings.githubHost}`,
        );
      }

      const credentials = await ctx.getInitiatorCredentials();
      const owner = await ownerTeamSlug(catalog, input.owner, credentials);
      const services = await resolveServices(
        catalog,
        input.services ?? [],
        input.system,
        { githubHost: settings.githubHost, credentials },
      );
      const lease: CreateEnvironmentRequest = {
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
      if (existing.outcome === 'exists') {
        // The same name, requester and services: a re-run. Its type and team must match too, or
        // the manifests would say one thing and the lease another.
        const recorded = existing.environment;
        if (recorded.type !== input.type || recorded.ownerTeam !== owner.ref) {
          throw new InputError(
            `${recorded.type !== input.type ? 'type' : 'owner'}: environment ${
              input.name
            } already exists as a ${recorded.type} environment of ${
              recorded.ownerTeam
            }; run it with the same type and owner, destroy it first, or pick another name.`,
          );
        }
      }
      const expiresAt = await ctx.checkpoint({
        key: `environment.expiresAt.${input.name}.v1`,
        fn: async () =>
          existing.outcome === 'exists'
            ? existing.environment.expiresAt
            : addDays(new Date(), lifetimeDays).toISOString(),
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
      await gateManifests({
        auditor: options.auditor,
        policies: await loadPolicies(
          options.policiesDir ?? defaultPoliciesDir(),
        ),
        files: rendered.files,
        appBaseUrl: settings.appBaseUrl,
        meta: {
          environment: input.name,
          template: ctx.templateInfo?.entityRef ?? null,
          taskId: ctx.task.id,
          dryRun: Boolean(ctx.isDryRun),
        },
        logger: ctx.logger,
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

      const delivered = await ctx.checkpoint({
        key: `environment.deliver.${input.name}.v1`,
        fn: () => deliver(),
      });
      ctx.logger.info(`Delivered: ${delivered.description}`);
      ctx.output('delivery', delivered.description);
      if (delivered.url) ctx.output('deliveryUrl', delivered.url);

      // The lease expires exactly when the manifests' labels say (unless it was recorded before).
      const recorded = await leases.record(
        {
          ...lease,
          urls: rendered.urls,
          ...(existing.outcome === 'new' && { expiresAt }),
        },
        credentials,
      );
      ctx.logger.info(
        `Lease recorded: ${recorded.name} expires ${recorded.expiresAt}; owner ${recorded.ownerTeam}.`,
      );

      if (pullRequest) {
        const commentUrl = await ctx.checkpoint({
          key: `environment.comment.${input.name}.${pullRequest.owner}.${pullRequest.repo}.${pullRequest.number}.v1`,
          fn: async () =>
            upsertComment(
              await github(
                pullRequest.host,
                pullRequest.owner,
                pullRequest.repo,
              ),
              pullRequest,
              input.name,
              environmentComment({
                name: input.name,
                urls: rendered.urls,
                branches: Object.fromEntries(
                  services.map(s => [s.name, s.branch]),
                ),
                expiresAt: recorded.expiresAt,
                environmentUrl,
              }),
            ),
        });
        ctx.output('commentUrl', commentUrl);
      }

      async function deliver(): Promise<{ description: string; url?: string }> {
        const { delivery } = settings;
        if (delivery.mode === 'direct') {
          const applied = await applyManifests(
            kubeConfigFor(delivery.cluster),
            rendered.manifests,
          );
          return {
            description: `applied ${applied.length} objects on cluster ${
              delivery.cluster.name
            }: ${applied.map(describeResource).join(', ')}`,
          };
        }
        const { owner: org, repo, host } = delivery;
        const client = await github(host, org, repo);
        const message = `Environment ${input.name} (${input.type}) for ${
          owner.ref
        }, requested by ${ctx.user?.ref ?? 'unknown'}`;
        if (delivery.via === 'pull-request') {
          const pr = await publishPullRequest(
            client,
            {
              change: {
                owner: org,
                repo,
                branch: environmentBranch(input.name),
                files: rendered.files,
                title: `Environment ${input.name}`,
                labels: ['environment'],
              },
              body: `${message}.\n\nMerging creates it; Runway tears it down at ${expiresAt}.`,
              commitMessage: message,
            },
            ctx,
          );
          return { description: `pull request ${pr.prUrl}`, url: pr.prUrl };
        }
        const commit = await commitToDefaultBranch(
          client,
          { owner: org, repo },
          rendered.files,
          message,
        );
        const url = `https://${host}/${org}/${repo}/commit/${commit.sha}`;
        return {
          description: `${commit.changed ? 'commit' : 'already at'} ${
            commit.sha
          } on ${commit.branch} of ${org}/${repo}`,
          url,
        };
      }

      function github(host: string, org: string, repo: string) {
        return createGithubClient({
          integrations,
          host,
          owner: org,
          repo,
          logger: ctx.logger,
          writeIntervalMs: settings.writeIntervalMs,
        });
      }
    },
  });
}
