/**
 * `provisioning:followup:create` — hands a golden path's Terraform pull request to the delivery
 * plugin, which follows it after the task ends: webhooks move it to applied, the requester is told
 * once, the Component is annotated, and an unapplied pull request reminds its requester
 * (docs/provisioning.md). Calls the delivery API as Runway's scaffolder (the only caller it
 * accepts), with the task's user as the requester. Idempotent: a pull request has one follow-up,
 * and a retried task replays its checkpoint.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './followupCreate.examples';

export interface FollowupCreateOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** `owner/repo` from a scaffolder repoUrl (`host?owner=o&repo=r`) or from `owner/repo` itself. */
export function platformConfigRepoOf(repoUrl: string): string {
  if (/^[\w.-]+\/[\w.-]+$/.test(repoUrl)) return repoUrl;
  const query = repoUrl.includes('?')
    ? repoUrl.slice(repoUrl.indexOf('?'))
    : '';
  const params = new URLSearchParams(query);
  const owner = params.get('owner');
  const repo = params.get('repo');
  if (!owner || !repo) {
    throw new InputError(
      `platformConfigRepoUrl must read host?owner=<org>&repo=<repo> (as runway:service:prepare outputs it) or <org>/<repo>; got "${repoUrl}"`,
    );
  }
  return `${owner}/${repo}`;
}

export function createProvisioningFollowupCreateAction(
  options: FollowupCreateOptions,
) {
  return createTemplateAction({
    id: 'provisioning:followup:create',
    description:
      "Hands the golden path's Terraform pull request to Runway's delivery plugin, which tells the requester once it is applied, annotates the Component and reminds them while it is not.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z.string({ description: 'The new service, e.g. ledger-api.' }),
        entityRef: z =>
          z.string({
            description:
              'Its catalogue entity, e.g. component:default/ledger-api: the one annotated once applied.',
          }),
        repositoryUrl: z =>
          z.string({
            description:
              "The service's repository (publish:github's remoteUrl).",
          }),
        platformConfigRepoUrl: z =>
          z.string({
            description:
              'The repository of the Terraform pull request: host?owner=<org>&repo=<repo>, or <org>/<repo>.',
          }),
        pullRequestNumber: z =>
          z.number({ description: "terraform:pr:create's prNumber." }),
        pullRequestUrl: z =>
          z.string({ description: "terraform:pr:create's prUrl." }),
        branch: z =>
          z
            .string({
              description:
                "terraform:pr:create's branch: Atlantis's status webhooks name its commits.",
            })
            .optional(),
        owner: z =>
          z.string({
            description:
              'The owner team, a Group entity ref (runway:service:prepare ownerRef): its members may read the follow-up.',
          }),
      },
      output: {
        followupId: z =>
          z.string({ description: 'The follow-up the delivery plugin keeps.' }),
        state: z =>
          z.string({
            description:
              'Its state now: pr-open, unless it was recorded and moved on before.',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const platformConfigRepo = platformConfigRepoOf(
        input.platformConfigRepoUrl,
      );
      const requester = ctx.user?.ref;
      // A dry run records nothing and tells no one: a template test runs it as a service.
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would follow ${platformConfigRepo}#${
            input.pullRequestNumber
          } for ${requester ?? 'the person who runs the template'}.`,
        );
        ctx.output('followupId', 'dry-run');
        ctx.output('state', 'pr-open');
        return;
      }
      if (!requester) {
        throw new InputError(
          'provisioning:followup:create needs a person to tell: this task was started without a signed-in user. Run the template from Runway as a person.',
        );
      }
      const followup = await ctx.checkpoint({
        key: `provisioning.followup.create.${platformConfigRepo}.${input.pullRequestNumber}.v1`,
        fn: async () => {
          const body = {
            service: input.service,
            entityRef: input.entityRef,
            repositoryUrl: input.repositoryUrl,
            platformConfigRepo,
            pullRequestNumber: input.pullRequestNumber,
            pullRequestUrl: input.pullRequestUrl,
            ...(input.branch && { branch: input.branch }),
            requester,
            ownerTeam: input.owner,
            taskId: ctx.task.id,
          };
          const { id, state } = await postFollowup(options, body);
          return { id, state };
        },
      });
      ctx.logger.info(
        `Runway follows ${platformConfigRepo}#${input.pullRequestNumber} (follow-up ${followup.id}, ${followup.state}): ${requester} hears once it is applied.`,
      );
      ctx.output('followupId', followup.id);
      ctx.output('state', followup.state);
    },
  });
}

async function postFollowup(
  options: FollowupCreateOptions,
  body: object,
): Promise<{ id: string; state: string }> {
  const { token } = await options.auth.getPluginRequestToken({
    onBehalfOf: await options.auth.getOwnServiceCredentials(),
    targetPluginId: 'delivery',
  });
  const res = await fetch(
    `${await options.discovery.getBaseUrl('delivery')}/followups`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (res.ok) return res.json();
  const text = (await res.text()).slice(0, 300);
  if (res.status === 400) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new InputError(`The provisioning follow-up was refused: ${message}`);
  }
  throw new Error(
    `The provisioning follow-up could not be recorded: the delivery backend answered ${res.status} (${text}). Retry this step; if it fails again, tell the platform team.`,
  );
}
