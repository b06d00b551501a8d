/**
 * `runway:service:prepare` — the first step of the new-service golden path. Before anything is
 * created it checks the name (format, free in the catalogue, no repository of that name on the
 * forge) and the owner team (in the catalogue, with a cost center), and it answers what the later
 * steps need: where the repository and platform-config live, the team's Slack channel and cost
 * center, and the links to the entity and its docs. Read-only, so a dry run does all of it.
 */
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { serviceNameProblem } from '@runway/platform-common';
import { createGithubClient, statusOf } from '@runway/github-node';
import {
  SLACK_CHANNEL_ANNOTATION,
  costCenterOf,
  findTeam,
} from '../../lib/teams';
import { examples } from './servicePrepare.examples';

/** Where new services go; from `runway.github` and `runway.newService` in app-config. */
export interface NewServiceSettings {
  githubHost: string;
  githubOrg: string;
  platformConfigRepo: string;
  grafanaBaseUrl: string;
  imageRegistry: string;
  /** Runway's own URL, for links to the entity and its docs. */
  appBaseUrl: string;
}

/** Kinds whose names share the service's namespace: a new Component may not reuse them. */
export const CLAIMING_KINDS = [
  'Component',
  'API',
  'Resource',
  'System',
  'Domain',
];

export function createServicePrepareAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  settings: NewServiceSettings;
}) {
  const { catalog, integrations, settings } = options;
  return createTemplateAction({
    id: 'runway:service:prepare',
    description:
      "Checks a new service's name and owner team before anything is created (name format, free in the catalogue and on the forge; team in the catalogue with a cost center) and returns the settings the rest of the template uses.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The service name: a DNS-1123 label starting with a letter, at most 40 characters.',
          }),
        owner: z =>
          z.string({
            description: 'The owner team, e.g. group:default/payments.',
          }),
      },
      output: {
        githubHost: z => z.string({ description: 'Forge host[:port].' }),
        githubOrg: z => z.string({ description: 'Organisation on the forge.' }),
        repoUrl: z =>
          z.string({
            description: "The new repository, as publish:github's repoUrl.",
          }),
        platformConfigRepoUrl: z =>
          z.string({
            description: "platform-config, as terraform:pr:create's repoUrl.",
          }),
        grafanaBaseUrl: z => z.string({ description: 'Grafana base URL.' }),
        imageRegistry: z => z.string({ description: 'Image registry path.' }),
        ownerName: z =>
          z.string({ description: "The owner team's name, e.g. payments." }),
        ownerRef: z =>
          z.string({ description: 'The owner team, as a full entity ref.' }),
        costCenter: z =>
          z.string({
            description:
              "The team's cost center, from its runway.dev/cost-center annotation.",
          }),
        slackChannel: z =>
          z.string({
            description:
              "The team's Slack channel, or empty when the group has none.",
          }),
        entityUrl: z =>
          z.string({ description: "The new entity's page in Runway." }),
        docsUrl: z => z.string({ description: "The new service's TechDocs." }),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const problem = serviceNameProblem(name);
      if (problem) throw new InputError(`name: ${problem}`);
      const credentials = await ctx.getInitiatorCredentials();

      const owner = await findTeam(catalog, ctx.input.owner, credentials);
      await assertNameFree(catalog, name, credentials);
      await assertNoRepository(integrations, settings, name, ctx.logger);

      const costCenter = costCenterOf(owner);
      const slackChannel =
        owner.metadata.annotations?.[SLACK_CHANNEL_ANNOTATION] ?? '';
      if (!slackChannel)
        ctx.logger.warn(
          `${stringifyEntityRef(
            owner,
          )} has no ${SLACK_CHANNEL_ANNOTATION} annotation; the team will get a Backstage notification instead of a Slack message.`,
        );

      const { githubHost, githubOrg, appBaseUrl } = settings;
      const app = appBaseUrl;
      ctx.logger.info(
        `${name} is free in the catalogue and on ${githubHost}; owner ${stringifyEntityRef(
          owner,
        )} (cost center ${costCenter}).`,
      );
      ctx.output('githubHost', githubHost);
      ctx.output('githubOrg', githubOrg);
      ctx.output('repoUrl', repoUrl(githubHost, githubOrg, name));
      ctx.output(
        'platformConfigRepoUrl',
        repoUrl(githubHost, githubOrg, settings.platformConfigRepo),
      );
      ctx.output('grafanaBaseUrl', settings.grafanaBaseUrl);
      ctx.output('imageRegistry', settings.imageRegistry);
      ctx.output('ownerName', owner.metadata.name);
      ctx.output('ownerRef', stringifyEntityRef(owner));
      ctx.output('costCenter', costCenter);
      ctx.output('slackChannel', slackChannel);
      ctx.output('entityUrl', `${app}/catalog/default/component/${name}`);
      ctx.output('docsUrl', `${app}/docs/default/component/${name}`);
    },
  });
}

function repoUrl(host: string, owner: string, repo: string) {
  return `${host}?${new URLSearchParams({ owner, repo })}`;
}

async function assertNameFree(
  catalog: CatalogService,
  name: string,
  credentials: BackstageCredentials,
) {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: CLAIMING_KINDS,
        'metadata.namespace': 'default',
        'metadata.name': name,
      },
      fields: ['kind', 'metadata.name', 'relations', 'spec.owner'],
    },
    { credentials },
  );
  const [taken] = items;
  if (taken) {
    // The ownedBy relation has the full reference; spec.owner may be shorthand like group:payments.
    const owner =
      taken.relations?.find(r => r.type === 'ownedBy')?.targetRef ??
      (taken.spec as { owner?: string } | undefined)?.owner;
    throw new InputError(
      `name "${name}" is already in the catalogue (${taken.kind}${
        owner ? `, owned by ${owner}` : ''
      }); choose another name.`,
    );
  }
}

async function assertNoRepository(
  integrations: ScmIntegrationRegistry,
  settings: NewServiceSettings,
  name: string,
  logger: LoggerService,
) {
  const { githubHost: host, githubOrg: owner } = settings;
  // The 404 is the answer hoped for; octokit would log it as an error in the task's log.
  const quiet: LoggerService = {
    error: (message, meta) => logger.debug(message, meta),
    warn: (message, meta) => logger.warn(message, meta),
    info: (message, meta) => logger.info(message, meta),
    debug: (message, meta) => logger.debug(message, meta),
    child: meta => logger.child(meta),
  };
  const client = await createGithubClient({
    integrations,
    host,
    owner,
    repo: name,
    logger: quiet,
    retry: { retries: 2, retryAfterBaseValue: 200 },
  });
  try {
    await client.repos.get({ owner, repo: name });
  } catch (e) {
    if (statusOf(e) === 404) return;
    throw e;
  }
  throw new InputError(
    `name "${name}": the repository ${owner}/${name} already exists on ${host} but is not in the catalogue; choose another name, or use "Register an existing service" to add that repository.`,
  );
}
