/**
 * `runway:team-change:prepare` — the first step when an engineer moves team (a mover). Reads the
 * person's User entity and both teams, and answers what the other steps swap: the access file's
 * new team and cost center, the old team's Slack channel and standup usergroup to leave, the new
 * team's to join (channels both teams share, and the company's, are kept), and the rotations.
 * Read-only, so a dry run does all of it.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GITHUB_LOGIN_ANNOTATION,
  IDP_USER_ID_ANNOTATION,
  MANAGER_ANNOTATION,
  ORIGIN_LOCATION_ANNOTATION,
  onboardingUserOrigin,
} from '@runway/plugin-onboarding-common';
import { costCenterOf, findTeam } from '../../lib/teams';
import { EngineerOnboardingSettings, assertJoinable } from './engineerPrepare';
import { fileExists } from './offboardingPrepare';
import { platformConfigRepoUrl, slackPlaces } from './settings';

const minus = (a: string[], b: string[]) => a.filter(x => !b.includes(x));

export function createTeamChangePrepareAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  settings: EngineerOnboardingSettings;
}) {
  const { catalog, integrations, settings } = options;
  return createTemplateAction({
    id: 'runway:team-change:prepare',
    description:
      "Checks an engineer's move to another team and returns what the team-change template swaps: access file, Slack channels and usergroups, standup rotations.",
    supportsDryRun: true,
    schema: {
      input: {
        user: z => z.string({ description: 'The engineer, a User ref.' }),
        team: z =>
          z.string({ description: 'The team they move to, a Group ref.' }),
      },
      output: {
        login: z => z.string(),
        name: z => z.string(),
        email: z => z.string(),
        idpUserId: z => z.string().optional(),
        registeredByOnboarding: z =>
          z.boolean({
            description:
              'Whether the User entity is onboarding’s (then the team-change step updates it; otherwise the organisation sync does).',
          }),
        fromTeamRef: z => z.string(),
        toTeamRef: z => z.string(),
        toTeamSlug: z => z.string(),
        toCostCenter: z => z.string(),
        managerRef: z => z.string().optional(),
        leaveChannels: z => z.array(z.string()),
        leaveUsergroups: z => z.array(z.string()),
        joinChannels: z => z.array(z.string()),
        joinUsergroups: z => z.array(z.string()),
        terraformFile: z => z.string(),
        moduleName: z => z.string(),
        platformConfigRepoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const user = await catalog.getEntityByRef(ctx.input.user, {
        credentials,
      });
      if (!user || user.kind.toLocaleLowerCase('en-US') !== 'user') {
        throw new InputError(
          `user ${JSON.stringify(
            ctx.input.user,
          )} is not a User of the catalogue; pick the engineer who moves.`,
        );
      }
      const annotations = user.metadata.annotations ?? {};
      const login = annotations[GITHUB_LOGIN_ANNOTATION] ?? user.metadata.name;
      const profile = (
        user.spec as { profile?: { email?: string; displayName?: string } }
      ).profile;
      if (!profile?.email) {
        throw new InputError(
          `user ${stringifyEntityRef(
            user,
          )} has no spec.profile.email; Slack finds people by e-mail, so set it at the source first.`,
        );
      }
      const fromTeam = await currentTeam(catalog, user, credentials);
      const toTeam = await findTeam(
        catalog,
        ctx.input.team,
        credentials,
        'team',
      );
      assertJoinable(toTeam, settings.platformGroup, credentials);
      const fromRef = stringifyEntityRef(fromTeam);
      const toRef = stringifyEntityRef(toTeam);
      if (toRef === settings.platformGroup) {
        // The platform team may do everything in Runway: only one of its members moves someone in.
        const initiator = ctx.user?.ref
          ? await catalog.getEntityByRef(ctx.user.ref, { credentials })
          : undefined;
        const inPlatform = (initiator?.relations ?? []).some(
          r => r.type === 'memberOf' && r.targetRef === settings.platformGroup,
        );
        if (!inPlatform) {
          throw new InputError(
            `team: only a member of ${settings.platformGroup} moves someone into it (it may do everything in Runway); ask one of them.`,
          );
        }
      }
      if (fromRef === toRef) {
        throw new InputError(
          `team: ${stringifyEntityRef(
            user,
          )} is already in ${toRef}; pick the team they move to.`,
        );
      }
      const costCenter = costCenterOf(toTeam, 'team');
      const slug = login.toLocaleLowerCase('en-US');
      const file = `engineer-${slug}.tf`;
      if (
        !(await fileExists(
          integrations,
          settings,
          `engineers/${file}`,
          ctx.logger,
        ))
      ) {
        throw new InputError(
          `user: platform-config has no engineers/${file} on main, so ${login}'s access was never granted through Runway (or its pull request is not merged yet). Merge the onboarding pull request first, then re-run.`,
        );
      }
      const from = slackPlaces(fromTeam, settings);
      const to = slackPlaces(toTeam, settings);
      const idpUserId = annotations[IDP_USER_ID_ANNOTATION];
      ctx.logger.info(
        `${login} moves from ${fromRef} to ${toRef}: leaves ${
          minus(from.channels, to.channels).join(', ') || 'no channel'
        }, joins ${
          minus(to.channels, from.channels).join(', ') || 'no channel'
        }.`,
      );
      ctx.output('login', login);
      ctx.output('name', profile.displayName ?? user.metadata.name);
      ctx.output('email', profile.email);
      if (idpUserId) ctx.output('idpUserId', idpUserId);
      ctx.output(
        'registeredByOnboarding',
        Boolean(idpUserId) &&
          annotations[ORIGIN_LOCATION_ANNOTATION] ===
            onboardingUserOrigin(idpUserId!),
      );
      ctx.output('fromTeamRef', fromRef);
      ctx.output('toTeamRef', toRef);
      ctx.output('toTeamSlug', toTeam.metadata.name);
      ctx.output('toCostCenter', costCenter);
      if (annotations[MANAGER_ANNOTATION]) {
        ctx.output('managerRef', annotations[MANAGER_ANNOTATION]);
      }
      ctx.output('leaveChannels', minus(from.channels, to.channels));
      ctx.output('leaveUsergroups', minus(from.usergroups, to.usergroups));
      ctx.output('joinChannels', minus(to.channels, from.channels));
      ctx.output('joinUsergroups', minus(to.usergroups, from.usergroups));
      ctx.output('terraformFile', file);
      ctx.output('moduleName', `engineer-${slug}`);
      ctx.output('platformConfigRepoUrl', platformConfigRepoUrl(settings));
    },
  });
}

/** The one team (a Group of type team) the person is a member of, or an InputError. */
async function currentTeam(
  catalog: CatalogService,
  user: Entity,
  credentials: Parameters<
    CatalogService['getEntitiesByRefs']
  >[1]['credentials'],
): Promise<Entity> {
  const refs = (user.relations ?? [])
    .filter(r => r.type === 'memberOf')
    .map(r => r.targetRef);
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs },
    { credentials },
  );
  const teams = items.filter(
    (g): g is Entity =>
      Boolean(g) && (g!.spec as { type?: string })?.type === 'team',
  );
  if (teams.length !== 1) {
    throw new InputError(
      `user ${stringifyEntityRef(user)} is a member of ${
        teams.length === 0
          ? 'no team'
          : teams.map(t => stringifyEntityRef(t)).join(' and ')
      }; a move needs exactly one team to leave. Fix their memberships at the source first.`,
    );
  }
  return teams[0];
}
