/**
 * `runway:offboarding:prepare` — the first step when an engineer leaves. It finds what onboarding
 * granted them, so the later steps can take it back: their access file in platform-config
 * (engineers/engineer-<login>.tf), their team's Slack channels and standup usergroup plus the company
 * channels, and the catalogue entities they own alone (to hand to their manager's team). It
 * only reads, so a dry run does all of it.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createGithubClient, statusOf } from '@runway/github-node';
import {
  GITHUB_LOGIN_ANNOTATION,
  personProblems,
} from '@runway/plugin-onboarding-common';
import { findTeam } from '../../lib/teams';
import { EngineerOnboardingSettings } from './engineerPrepare';
import { platformConfigRepoUrl, slackPlaces } from './settings';

export function createOffboardingPrepareAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  settings: EngineerOnboardingSettings;
}) {
  const { catalog, integrations, settings } = options;
  return createTemplateAction({
    id: 'runway:offboarding:prepare',
    description:
      'Finds what onboarding granted a leaving engineer (access file, Slack channels and usergroup) and the catalogue entities they own alone; reads only.',
    supportsDryRun: true,
    schema: {
      input: {
        idpUserId: z =>
          z.string({ description: "The identity provider's user id." }),
        email: z => z.string({ description: 'Work e-mail.' }),
        githubLogin: z => z.string({ description: 'GitHub login.' }),
        team: z =>
          z
            .string({
              description:
                'Their team; when empty, the team their User entity is a member of.',
            })
            .optional(),
      },
      output: {
        login: z => z.string(),
        terraformFile: z => z.string({ description: 'engineers/<file>.' }),
        hasAccessFile: z =>
          z.boolean({
            description: 'Whether engineers/<file> exists on main.',
          }),
        platformConfigRepoUrl: z => z.string(),
        channels: z => z.array(z.string()),
        usergroups: z => z.array(z.string()),
        userRef: z => z.string().optional(),
        teamRef: z =>
          z.string({ description: 'Their team, when known.' }).optional(),
        ownedAlone: z =>
          z.array(z.string(), {
            description: 'Entities owned by the person alone, to reassign.',
          }),
      },
    },
    async handler(ctx) {
      const { idpUserId, email, githubLogin } = ctx.input;
      const problems = personProblems({ idpUserId, email, githubLogin }).filter(
        p => p.startsWith('email') || p.startsWith('githubLogin'),
      );
      if (problems.length)
        throw new InputError(`${problems.join('; ')}. Correct it and re-run.`);
      const credentials = await ctx.getInitiatorCredentials();
      const user = await findUser(catalog, githubLogin, email, credentials);
      const teamRef =
        ctx.input.team ||
        user?.relations?.find(r => r.type === 'memberOf')?.targetRef;
      const team = teamRef
        ? await findTeam(catalog, teamRef, credentials, 'team')
        : undefined;
      const { channels, usergroups } = slackPlaces(team, settings);
      const file = `engineer-${githubLogin.toLocaleLowerCase('en-US')}.tf`;
      const hasAccessFile = await fileExists(
        integrations,
        settings,
        `engineers/${file}`,
        ctx.logger,
      );
      const userRef = user && stringifyEntityRef(user);
      const ownedAlone = userRef
        ? await entitiesOwnedAlone(catalog, userRef, credentials)
        : [];
      ctx.logger.info(
        `${githubLogin}: access file ${
          hasAccessFile ? `engineers/${file}` : 'none'
        }; team ${team ? stringifyEntityRef(team) : 'unknown'}; owns alone ${
          ownedAlone.join(', ') || 'nothing'
        }.`,
      );
      ctx.output('login', githubLogin);
      ctx.output('terraformFile', file);
      ctx.output('hasAccessFile', hasAccessFile);
      ctx.output('platformConfigRepoUrl', platformConfigRepoUrl(settings));
      ctx.output('channels', channels);
      ctx.output('usergroups', usergroups);
      if (userRef) ctx.output('userRef', userRef);
      if (team) ctx.output('teamRef', stringifyEntityRef(team));
      ctx.output('ownedAlone', ownedAlone);
    },
  });
}

async function findUser(
  catalog: CatalogService,
  login: string,
  email: string,
  credentials: BackstageCredentials,
): Promise<Entity | undefined> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'User' } },
    { credentials },
  );
  const lower = (v?: string) => v?.toLocaleLowerCase('en-US');
  return items.find(
    u =>
      lower(u.metadata.annotations?.[GITHUB_LOGIN_ANNOTATION]) ===
        lower(login) ||
      lower(
        (u.spec as { profile?: { email?: string } } | undefined)?.profile
          ?.email,
      ) === lower(email),
  );
}

/** Entities whose only owner is `userRef` (a team-owned entity stays with the team). */
async function entitiesOwnedAlone(
  catalog: CatalogService,
  userRef: string,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const { items } = await catalog.getEntities(
    { filter: { 'relations.ownedBy': userRef } },
    { credentials },
  );
  return items
    .filter(e => {
      const owners = (e.relations ?? []).filter(r => r.type === 'ownedBy');
      return owners.length > 0 && owners.every(r => r.targetRef === userRef);
    })
    .map(e => stringifyEntityRef(e))
    .sort();
}

export async function fileExists(
  integrations: ScmIntegrationRegistry,
  settings: EngineerOnboardingSettings,
  path: string,
  logger: Parameters<typeof createGithubClient>[0]['logger'],
): Promise<boolean> {
  const client = await createGithubClient({
    integrations,
    host: settings.githubHost,
    owner: settings.githubOrg,
    repo: settings.platformConfigRepo,
    logger,
    retry: { retries: 2, retryAfterBaseValue: 200 },
  });
  try {
    await client.rest.repos.getContent({
      owner: settings.githubOrg,
      repo: settings.platformConfigRepo,
      path,
    });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}
