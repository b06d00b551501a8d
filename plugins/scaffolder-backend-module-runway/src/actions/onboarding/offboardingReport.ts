/**
 * `runway:offboarding:report` — the last step when an engineer leaves: what was revoked, each
 * item read back from the system that holds it rather than taken from the earlier steps' word.
 * The access file must be gone from the pull request's branch (the grants end when Atlantis
 * applies it); Slack's removals were read back by slack:member:remove; the sandbox's lease is
 * read back from the environments API; entities owned alone are listed for the manager's team to
 * take over. A revocation that does not read back fails the step, naming it.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { createGithubClient, statusOf } from '@runway/github-node';
import { EnvironmentsApiClient } from '@runway/plugin-environments-node';
import { actingCredentials } from '../../lib/credentials';
import { readSandboxRevocation } from './sandboxRevocation';

export interface Revocation {
  what: string;
  state:
    | 'revoked'
    | 'pending merge'
    | 'tearing down'
    | 'nothing to revoke'
    | 'to reassign';
  evidence: string;
}

export function createOffboardingReportAction(options: {
  integrations: ScmIntegrationRegistry;
  /** The environments API, where the sandbox's lease is read back. */
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { integrations } = options;
  const environments = new EnvironmentsApiClient(options);
  return createTemplateAction({
    id: 'runway:offboarding:report',
    description:
      "Reads back every revocation of an offboarding (access file gone from its pull request's branch, Slack memberships) and reports them, with the entities left to reassign.",
    supportsDryRun: true,
    schema: {
      input: {
        login: z => z.string(),
        platformConfigRepoUrl: z => z.string(),
        terraformFile: z => z.string({ description: 'File under engineers/.' }),
        accessBranch: z =>
          z
            .string({ description: 'The removal pull request’s branch.' })
            .optional(),
        accessPrUrl: z => z.string().optional(),
        slackRemoved: z =>
          z
            .boolean({ description: 'slack:member:remove’s removed output.' })
            .optional(),
        slackRevoked: z =>
          z
            .array(z.string(), {
              description: 'slack:member:remove’s revoked output.',
            })
            .optional(),
        otherRevoked: z =>
          z
            .array(
              z.union([z.string(), z.array(z.string()), z.null()]).optional(),
              {
                description:
                  'Other revocations already read back by their steps (the standup rotation, the User entity…): each step’s `revoked` output, or one line; a skipped step’s nothing is left out.',
              },
            )
            .optional(),
        sandboxOwner: z =>
          z
            .string({
              description:
                'The engineer (User entity ref) whose sandbox lease is read back; left out, no sandbox line.',
            })
            .optional(),
        ownedAlone: z => z.array(z.string()).default([]),
        reassigned: z =>
          z
            .array(
              z.object({
                entityRef: z.string(),
                prUrl: z.string().optional(),
                problem: z.string().optional(),
              }),
              { description: 'catalog:owner:reassign’s reassigned output.' },
            )
            .optional(),
      },
      output: {
        report: z =>
          z.string({ description: 'The report, one line per revocation.' }),
        revocations: z =>
          z.array(
            z.object({
              what: z.string(),
              state: z.string(),
              evidence: z.string(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const path = `engineers/${input.terraformFile}`;
      const revocations: Revocation[] = [];
      if (input.accessBranch) {
        if (!ctx.isDryRun) {
          const stillThere = await fileOnBranch(
            integrations,
            input.platformConfigRepoUrl,
            path,
            input.accessBranch,
            ctx.logger,
          );
          if (stillThere)
            throw new InputError(
              `${path} is still on ${input.accessBranch}: the removal was not committed. Retry the access step.`,
            );
        }
        revocations.push({
          what: 'GitHub organisation and teams, SSO groups',
          state: 'pending merge',
          evidence: `${path} removed on ${input.accessBranch} (${
            input.accessPrUrl ?? 'pull request'
          }); revoked when Atlantis applies it`,
        });
      } else {
        revocations.push({
          what: 'GitHub organisation and teams, SSO groups',
          state: 'nothing to revoke',
          evidence: `${path} does not exist in platform-config`,
        });
      }
      if (input.slackRemoved === false) {
        revocations.push({
          what: 'Slack',
          state: 'nothing to revoke',
          evidence: 'no Slack user has their e-mail',
        });
      } else {
        for (const item of input.slackRevoked ?? []) {
          revocations.push({
            what: `Slack ${item}`,
            state: 'revoked',
            evidence: 'read back from Slack: not a member',
          });
        }
      }
      for (const item of (input.otherRevoked ?? []).flat()) {
        if (!item) continue;
        revocations.push({
          what: item,
          state: 'revoked',
          evidence: 'read back by its step',
        });
      }
      if (input.sandboxOwner) {
        revocations.push(
          await readSandboxRevocation(
            environments,
            input.sandboxOwner.toLocaleLowerCase('en-US'),
            await actingCredentials(ctx, options.auth),
          ),
        );
      }
      for (const ref of input.ownedAlone) {
        const reassignment = input.reassigned?.find(r => r.entityRef === ref);
        revocations.push({
          what: ref,
          state: 'to reassign',
          evidence: reassignment?.prUrl
            ? `owned by them alone; ${reassignment.prUrl} hands it to their team`
            : `owned by them alone; reassign it by hand${
                reassignment?.problem ? ` (${reassignment.problem})` : ''
              }`,
        });
      }
      const report = [
        `Offboarding of ${input.login}:`,
        ...revocations.map(r => `- ${r.what}: ${r.state} (${r.evidence})`),
      ].join('\n');
      ctx.logger.info(report);
      ctx.output('report', report);
      ctx.output('revocations', revocations);
    },
  });
}

async function fileOnBranch(
  integrations: ScmIntegrationRegistry,
  repoUrl: string,
  path: string,
  ref: string,
  logger: Parameters<typeof createGithubClient>[0]['logger'],
): Promise<boolean> {
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  if (!owner || !repo)
    throw new InputError(
      `platformConfigRepoUrl ${repoUrl} names no repository`,
    );
  const client = await createGithubClient({
    integrations,
    host,
    owner,
    repo,
    logger,
    retry: { retries: 2, retryAfterBaseValue: 200 },
  });
  try {
    await client.rest.repos.getContent({ owner, repo, path, ref });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}
