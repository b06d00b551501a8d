/**
 * `catalog:location:ensure` — registers a repository's catalog-info.yaml in the catalogue, once.
 * Backstage's `catalog:register` answers 409 when a retried task adds the location its first
 * attempt already added (for example when the first attempt failed on the read that follows), so
 * a retry could never complete; here an existing location is the expected outcome of a retry, and
 * the entity ref is read again. Inputs `repoContentsUrl` and `catalogInfoPath`, outputs
 * `catalogInfoUrl` and `entityRef`, as `catalog:register` has them (no `catalogInfoUrl` input, no
 * `optional`: a registration that fails fails the step).
 */
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** The catalogue client's answer 409 Conflict: the location is already registered. */
function isConflict(error: unknown): boolean {
  return (
    (error as { response?: { status?: number } })?.response?.status === 409
  );
}

export function createCatalogLocationEnsureAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrations;
}) {
  const { catalog, integrations } = options;
  return createTemplateAction({
    id: 'catalog:location:ensure',
    description:
      'Registers a catalog-info.yaml in the catalogue once; a retried task finds the location its first attempt added.',
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The repository contents URL, e.g. the repoContentsUrl output of publish:github',
          }),
        catalogInfoPath: z =>
          z
            .string({ description: 'The file in the repository' })
            .default('/catalog-info.yaml'),
      },
      output: {
        catalogInfoUrl: z => z.string(),
        entityRef: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl, catalogInfoPath } = ctx.input;
      const integration = integrations.byUrl(repoContentsUrl);
      if (!integration) {
        throw new InputError(
          `repoContentsUrl: no integration is configured for ${repoContentsUrl}; add its host under integrations.`,
        );
      }
      const target = integration.resolveUrl({
        base: repoContentsUrl,
        url: catalogInfoPath,
      });
      const credentials = await ctx.getInitiatorCredentials();
      try {
        await catalog.addLocation({ type: 'url', target }, { credentials });
        ctx.logger.info(`Registered ${target} in the catalogue`);
      } catch (error) {
        if (!isConflict(error)) throw refusal(target, error);
        ctx.logger.info(`${target} is already registered (a retried task)`);
      }
      const { entities } = await catalog
        .addLocation({ type: 'url', target, dryRun: true }, { credentials })
        .catch(error => {
          throw refusal(target, error);
        });
      const entity =
        entities.find(
          e =>
            e.kind === 'Component' && !e.metadata.name.startsWith('generated-'),
        ) ?? entities.find(e => !e.metadata.name.startsWith('generated-'));
      if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
      ctx.output('catalogInfoUrl', target);
    },
  });
}

/**
 * The catalogue's own reason (its response body), not the client's "Request failed with 400":
 * e.g. it could not read the file from the forge, which a Retry fixes once the forge answers.
 */
function refusal(target: string, error: unknown): Error {
  const reason =
    (error as { body?: { error?: { message?: string } } })?.body?.error
      ?.message ?? (error as Error)?.message;
  return new Error(
    `The catalogue did not register ${target}: ${reason}. Nothing else was left half-done: retry the task once the cause is fixed (a forge that did not answer needs nothing else).`,
  );
}
