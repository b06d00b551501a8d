/**
 * `runway:engineer:prepare` — the first step of the engineer-onboarding golden path. Before
 * anything is granted it checks the person against the catalogue — the team (a Group with a cost
 * center), the manager and the buddy (Users, found by e-mail), and that the GitHub login belongs
 * to nobody else — and answers what the later steps need: the Terraform file, the Slack channels
 * and usergroups, the time zone, and the people to tell. Read-only, so a dry run does all of it.
 */
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createGithubClient, statusOf } from '@runway/github-node';
import {
  GITHUB_LOGIN_ANNOTATION,
  IDP_USER_ID_ANNOTATION,
  personProblems,
} from '@runway/plugin-onboarding-common';
import { TIME_ZONE_ANNOTATION, costCenterOf, findTeam } from '../../lib/teams';
import { platformConfigRepoUrl, slackPlaces } from './settings';

export interface EngineerOnboardingSettings {
  githubHost: string;
  githubOrg: string;
  platformConfigRepo: string;
  appBaseUrl: string;
  /** Channels every engineer joins, e.g. ['#general', '#engineering']. */
  companyChannels: string[];
  /** For teams without a runway.dev/time-zone annotation. */
  defaultTimeZone: string;
  /** The platform team: only a person (the form), never an automated trigger, onboards into it. */
  platformGroup: string;
  /** When not empty, a hire's e-mail must be at one of these domains. */
  emailDomains: string[];
}

interface Contact {
  name: string;
  email: string;
  ref: string;
}

export function createEngineerPrepareAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  settings: EngineerOnboardingSettings;
}) {
  const { catalog, integrations, settings } = options;
  return createTemplateAction({
    id: 'runway:engineer:prepare',
    description:
      "Checks a new engineer before anything is granted (every field present, the team in the catalogue with a cost center, manager and buddy found by e-mail, the GitHub login nobody else's) and returns what the rest of the onboarding template uses.",
    supportsDryRun: true,
    schema: {
      input: {
        idpUserId: z =>
          z.string({ description: "The identity provider's user id." }),
        name: z => z.string({ description: 'Full name.' }),
        email: z => z.string({ description: 'Work e-mail.' }),
        githubLogin: z => z.string({ description: 'GitHub login.' }),
        team: z =>
          z.string({
            description: 'The team, e.g. group:default/payments or payments.',
          }),
        manager: z => z.string({ description: "The manager's work e-mail." }),
        buddy: z =>
          z
            .string({ description: "The buddy's work e-mail, if any." })
            .optional(),
        startDate: z => z.string({ description: 'First day, YYYY-MM-DD.' }),
        timeZone: z =>
          z
            .string({
              description:
                "IANA time zone for the orientation meetings; default the team's.",
            })
            .optional(),
      },
      output: {
        login: z => z.string({ description: 'The GitHub login.' }),
        terraformFile: z =>
          z.string({ description: 'engineers/<file> in platform-config.' }),
        moduleName: z =>
          z.string({ description: 'The module block label for the engineer.' }),
        platformConfigRepoUrl: z =>
          z.string({
            description: "platform-config, as terraform:pr:create's repoUrl.",
          }),
        teamRef: z => z.string({ description: 'The team, as a full ref.' }),
        teamSlug: z => z.string({ description: "The team's name." }),
        teamTitle: z => z.string({ description: "The team's display name." }),
        costCenter: z => z.string({ description: "The team's cost center." }),
        channels: z =>
          z.array(z.string(), {
            description: "The team's Slack channel and the company ones.",
          }),
        usergroups: z =>
          z.array(z.string(), {
            description: "The team's standup usergroup, when it has one.",
          }),
        timeZone: z => z.string({ description: 'IANA time zone.' }),
        manager: z =>
          z.object(
            { name: z.string(), email: z.string() },
            { description: 'The manager, from the catalogue.' },
          ),
        managerRef: z =>
          z.string({ description: "The manager's User entity ref." }),
        buddy: z =>
          z
            .object(
              { name: z.string(), email: z.string() },
              {
                description:
                  'The buddy, from the catalogue, when there is one.',
              },
            )
            .optional(),
        buddyRef: z =>
          z
            .string({
              description: "The buddy's User entity ref, when there is one.",
            })
            .optional(),
        welcomers: z =>
          z.array(z.string(), {
            description:
              'The manager and the buddy (when there is one), as User refs: who is told of the hire.',
          }),
        teamPageUrl: z =>
          z.string({ description: "The team's page in Runway." }),
        newHirePageUrl: z =>
          z.string({
            description:
              "The hire's own page in Runway (first-day tasks, milestones), for the welcome e-mail.",
          }),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const problems = personProblems(input);
      if (problems.length) {
        throw new InputError(
          `${problems.join(
            '; ',
          )}. Correct it in the identity provider (or the form) and re-run.`,
        );
      }
      const timeZone = input.timeZone;
      if (timeZone && !isTimeZone(timeZone)) {
        throw new InputError(
          `timeZone "${timeZone}" is not an IANA time zone such as Europe/Berlin; correct it or leave it empty for the team's.`,
        );
      }
      const domain = input.email.split('@')[1]?.toLocaleLowerCase('en-US');
      if (
        settings.emailDomains.length &&
        !settings.emailDomains.includes(domain)
      ) {
        throw new InputError(
          `email: ${input.email} is not at ${settings.emailDomains.join(
            ' or ',
          )}; set the person's work e-mail in the identity provider and re-run.`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      const team = await findTeam(catalog, input.team, credentials, 'team');
      assertJoinable(team, settings.platformGroup, credentials);
      const costCenter = costCenterOf(team, 'team');
      const manager = await userByEmail(
        catalog,
        input.manager,
        'manager',
        credentials,
      );
      const buddy = input.buddy
        ? await userByEmail(catalog, input.buddy, 'buddy', credentials)
        : undefined;
      await assertLoginFree(
        catalog,
        input.githubLogin,
        input.idpUserId,
        credentials,
      );
      await assertEmailFree(catalog, input.email, input.idpUserId, credentials);
      await assertAccessNotTaken(
        integrations,
        settings,
        input.githubLogin,
        input.idpUserId,
        ctx.logger,
      );

      const annotations = team.metadata.annotations ?? {};
      const { channels, usergroups } = slackPlaces(team, settings);
      const teamTimeZone = annotations[TIME_ZONE_ANNOTATION];
      const login = input.githubLogin;
      const slug = login.toLocaleLowerCase('en-US');
      ctx.logger.info(
        `${input.name} (${login}) joins ${stringifyEntityRef(team)}; manager ${
          manager.ref
        }${buddy ? `, buddy ${buddy.ref}` : ''}.`,
      );
      ctx.output('login', login);
      // engineer-<login>: a login such as `platform` never names the root module's own files.
      ctx.output('terraformFile', `engineer-${slug}.tf`);
      ctx.output('moduleName', `engineer-${slug}`);
      ctx.output('platformConfigRepoUrl', platformConfigRepoUrl(settings));
      ctx.output('teamRef', stringifyEntityRef(team));
      ctx.output('teamSlug', team.metadata.name);
      ctx.output('teamTitle', team.metadata.title ?? team.metadata.name);
      ctx.output('costCenter', costCenter);
      ctx.output('channels', channels);
      ctx.output('usergroups', usergroups);
      ctx.output(
        'timeZone',
        timeZone || teamTimeZone || settings.defaultTimeZone,
      );
      ctx.output('manager', { name: manager.name, email: manager.email });
      ctx.output('managerRef', manager.ref);
      if (buddy) {
        ctx.output('buddy', { name: buddy.name, email: buddy.email });
        ctx.output('buddyRef', buddy.ref);
      }
      ctx.output('welcomers', buddy ? [manager.ref, buddy.ref] : [manager.ref]);
      ctx.output(
        'teamPageUrl',
        `${settings.appBaseUrl}/catalog/default/group/${team.metadata.name}`,
      );
      ctx.output(
        'newHirePageUrl',
        `${settings.appBaseUrl}/onboarding/hires/${encodeURIComponent(
          input.idpUserId,
        )}`,
      );
    },
  });
}

function isTimeZone(zone: string): boolean {
  try {
    return Boolean(
      new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
        .timeZone,
    );
  } catch {
    return false;
  }
}

const emailOf = (user: Entity) =>
  (
    (user.spec as { profile?: { email?: string } } | undefined)?.profile
      ?.email ?? ''
  ).toLocaleLowerCase('en-US');

async function userByEmail(
  catalog: CatalogService,
  email: string,
  field: 'manager' | 'buddy',
  credentials: BackstageCredentials,
): Promise<Contact> {
  const wanted = email.toLocaleLowerCase('en-US');
  const { items } = await catalog.getEntities(
    { filter: { kind: 'User', 'spec.profile.email': email } },
    { credentials },
  );
  const user = items.find(u => emailOf(u) === wanted);
  if (!user) {
    throw new InputError(
      `${field}: nobody in the catalogue has the e-mail ${email}; correct it in the identity provider (the ${field} must be a current employee) and re-run.`,
    );
  }
  const profile = (user.spec as { profile?: { displayName?: string } }).profile;
  return {
    name: profile?.displayName ?? user.metadata.title ?? user.metadata.name,
    email: emailOf(user),
    ref: stringifyEntityRef(user),
  };
}

async function assertLoginFree(
  catalog: CatalogService,
  login: string,
  idpUserId: string,
  credentials: BackstageCredentials,
) {
  const wanted = login.toLocaleLowerCase('en-US');
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'User',
        [`metadata.annotations.${GITHUB_LOGIN_ANNOTATION}`]: login,
      },
    },
    { credentials },
  );
  const holder = items.find(
    u =>
      u.metadata.annotations?.[GITHUB_LOGIN_ANNOTATION]?.toLocaleLowerCase(
        'en-US',
      ) === wanted &&
      u.metadata.annotations?.[IDP_USER_ID_ANNOTATION] !== idpUserId,
  );
  if (holder) {
    throw new InputError(
      `githubLogin: ${login} belongs to ${stringifyEntityRef(
        holder,
      )} in the catalogue; check the GitHub login in the identity provider and re-run.`,
    );
  }
}

/**
 * A team an engineer may be onboarded into: a Group of type team, and never the platform team
 * from an automated trigger (its members may do everything in Runway; a platform member starts
 * that onboarding from the form).
 */
export function assertJoinable(
  team: Entity,
  platformGroup: string,
  credentials: BackstageCredentials,
) {
  const ref = stringifyEntityRef(team);
  if ((team.spec as { type?: string } | undefined)?.type !== 'team') {
    throw new InputError(
      `team ${ref} is not a team (spec.type team); pick the team the engineer joins.`,
    );
  }
  const byPerson = (credentials.principal as { type?: string }).type === 'user';
  if (ref === platformGroup && !byPerson) {
    throw new InputError(
      `team ${ref} is the platform team, which may do everything in Runway: an identity provider's or HR event cannot onboard into it. A platform member starts this onboarding from the form.`,
    );
  }
}

/** The e-mail belongs to nobody else in the catalogue (it receives the welcome mail and Slack). */
async function assertEmailFree(
  catalog: CatalogService,
  email: string,
  idpUserId: string,
  credentials: BackstageCredentials,
) {
  const wanted = email.toLocaleLowerCase('en-US');
  const { items } = await catalog.getEntities(
    { filter: { kind: 'User', 'spec.profile.email': email } },
    { credentials },
  );
  const holder = items.find(
    u =>
      emailOf(u) === wanted &&
      u.metadata.annotations?.[IDP_USER_ID_ANNOTATION] !== idpUserId,
  );
  if (holder) {
    throw new InputError(
      `email: ${email} belongs to ${stringifyEntityRef(
        holder,
      )} in the catalogue; check the e-mail in the identity provider and re-run.`,
    );
  }
}

/**
 * Nobody else's access is proposed or granted under this login: a merged access file means the
 * login has access already, and an open access pull request made for another person (its body
 * names their identity-provider id) must not be taken over by this run.
 */
async function assertAccessNotTaken(
  integrations: ScmIntegrationRegistry,
  settings: EngineerOnboardingSettings,
  login: string,
  idpUserId: string,
  logger: LoggerService,
) {
  const owner = settings.githubOrg;
  const repo = settings.platformConfigRepo;
  const slug = login.toLocaleLowerCase('en-US');
  const path = `engineers/engineer-${slug}.tf`;
  const client = await createGithubClient({
    integrations,
    host: settings.githubHost,
    owner,
    repo,
    logger,
    retry: { retries: 2, retryAfterBaseValue: 200 },
  });
  try {
    await client.rest.repos.getContent({ owner, repo, path });
    throw new InputError(
      `githubLogin: ${login} already has access: ${path} is on the default branch of ${owner}/${repo}. If this is the same person, there is nothing left to do; otherwise check the login in the identity provider.`,
    );
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const { data: pulls } = await client.rest.pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:runway/engineer-${slug}`,
  });
  const other = pulls.find(p => !(p.body ?? '').includes(idpUserId));
  if (other) {
    throw new InputError(
      `githubLogin: ${login} is already proposed for someone else in ${other.html_url}; check the login in the identity provider, or close that pull request.`,
    );
  }
}
