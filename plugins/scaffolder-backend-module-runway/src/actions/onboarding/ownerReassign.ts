/**
 * `catalog:owner:reassign` — when an engineer leaves, the catalogue entities they owned alone go
 * to a team: for each repository, one pull request setting `spec.owner` in the catalog-info.yaml
 * the entity was registered from. Only the owner line changes (the YAML is edited in place, its
 * comments and layout kept), and only when the entity still names the leaving person. Idempotent:
 * a retry finds the branch and pull request it made. An entity not registered from a file on the
 * forge's default branch is listed to reassign by hand, with why.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createGithubClient,
  github,
  openPullRequest,
} from '@runway/github-node';
import { isScalar, parseAllDocuments } from 'yaml';
import { SourceFile, sourceFileOf } from '../../lib/sourceFile';

const LOCATION_ANNOTATION = 'backstage.io/managed-by-location';

export interface OwnerReassignOptions {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  githubHost: string;
}

interface Reassignment {
  entityRef: string;
  /** The pull request that reassigns it; absent when it must be done by hand. */
  prUrl?: string;
  /** Why it must be done by hand. */
  problem?: string;
}

/** The file with `entity`'s owner set to `team`, or a problem saying why it cannot be. */
export function withOwner(
  text: string,
  entity: Entity,
  from: string,
  team: string,
): { text: string } | { problem: string } {
  const docs = parseAllDocuments(text);
  const lower = (v: unknown) => String(v ?? '').toLocaleLowerCase('en-US');
  const doc = docs.find(
    d =>
      !('errors' in d && d.errors.length) &&
      lower(d.get('kind')) === lower(entity.kind) &&
      lower(d.getIn(['metadata', 'name'])) === lower(entity.metadata.name),
  );
  if (!doc) {
    return {
      problem: `its file has no ${entity.kind} ${entity.metadata.name}`,
    };
  }
  const owner = String(doc.getIn(['spec', 'owner']) ?? '');
  let named: string | undefined;
  try {
    named = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    named = undefined;
  }
  if (named !== from) {
    return {
      problem: `its file names ${JSON.stringify(
        owner,
      )} as owner now, not ${from}`,
    };
  }
  // The scalar itself changes, so a comment on the owner line stays.
  const node = doc.getIn(['spec', 'owner'], true);
  if (isScalar(node)) node.value = team;
  else doc.setIn(['spec', 'owner'], team);
  return { text: docs.map(d => d.toString()).join('') };
}

export function createOwnerReassignAction(options: OwnerReassignOptions) {
  const { catalog, integrations, githubHost } = options;
  return createTemplateAction({
    id: 'catalog:owner:reassign',
    description:
      'Opens one pull request per repository handing the entities a leaving engineer owned alone to a team (spec.owner in their catalog-info.yaml); idempotent.',
    supportsDryRun: true,
    schema: {
      input: {
        entityRefs: z =>
          z.array(z.string(), {
            description: 'The entities they owned alone.',
          }),
        from: z => z.string({ description: 'The leaving person, a User ref.' }),
        team: z =>
          z.string({
            description: 'The team that takes them over, a Group ref.',
          }),
        login: z =>
          z.string({ description: 'Their GitHub login, for the branch name.' }),
      },
      output: {
        reassigned: z =>
          z.array(
            z.object({
              entityRef: z.string(),
              prUrl: z.string().optional(),
              problem: z.string().optional(),
            }),
            {
              description:
                'Each entity, with its pull request or why it needs a person.',
            },
          ),
      },
    },
    async handler(ctx) {
      const { entityRefs, login } = ctx.input;
      let team: string;
      let from: string;
      try {
        team = stringifyEntityRef(
          parseEntityRef(ctx.input.team, { defaultKind: 'group' }),
        );
        from = stringifyEntityRef(
          parseEntityRef(ctx.input.from, { defaultKind: 'user' }),
        );
      } catch (error) {
        throw new InputError(
          `team and from must be entity refs: ${(error as Error).message}`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      const results: Reassignment[] = [];
      const byRepo = new Map<
        string,
        Array<{ entity: Entity; file: SourceFile }>
      >();
      for (const entityRef of entityRefs) {
        const entity = await catalog.getEntityByRef(entityRef, { credentials });
        const file = sourceFileOf(
          entity?.metadata.annotations?.[LOCATION_ANNOTATION],
          githubHost,
        );
        if (!entity || !file) {
          results.push({
            entityRef,
            problem: entity
              ? `not registered from a catalog-info.yaml on ${githubHost}'s default branch`
              : 'no longer in the catalogue',
          });
          continue;
        }
        const key = `${file.owner}/${file.repo}`;
        byRepo.set(key, [...(byRepo.get(key) ?? []), { entity, file }]);
      }
      for (const [key, items] of byRepo) {
        const [owner, repo] = key.split('/');
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would reassign ${items.length} entities in ${key}.`,
          );
          continue;
        }
        const client = await createGithubClient({
          integrations,
          host: githubHost,
          owner,
          repo,
          logger: ctx.logger,
        });
        const files: Record<string, string> = {};
        const inPr: string[] = [];
        for (const { entity, file } of items) {
          const entityRef = stringifyEntityRef(entity);
          const { data } = await github(`read ${file.path} in ${key}`, () =>
            client.rest.repos.getContent({
              owner,
              repo,
              path: file.path,
              ref: file.branch,
            }),
          );
          const current =
            files[file.path] ??
            Buffer.from(
              (data as { content?: string }).content ?? '',
              'base64',
            ).toString('utf8');
          const edited = withOwner(current, entity, from, team);
          if ('problem' in edited) {
            results.push({ entityRef, problem: edited.problem });
            continue;
          }
          files[file.path] = edited.text;
          inPr.push(entityRef);
        }
        if (!inPr.length) continue;
        const pr = await openPullRequest(
          client,
          {
            owner,
            repo,
            branch: `runway/reassign-${login.toLocaleLowerCase('en-US')}`,
            files,
            title: `Hand ${inPr.join(', ')} to ${team}`,
            body: `${from} has left, and owned these alone: ${inPr.join(
              ', ',
            )}. This pull request makes ${team} their owner. Opened by the *Offboard an engineer* golden path; merge it, or change the owner to whoever should keep them.`,
            commitMessage: `Hand ${inPr.join(
              ', ',
            )} to ${team}\n\n${from} has left.`,
            labels: ['runway', 'offboarding'],
          },
          { checkpoint: ctx.checkpoint },
        );
        for (const entityRef of inPr)
          results.push({ entityRef, prUrl: pr.prUrl });
      }
      for (const r of results) {
        ctx.logger.info(
          `${r.entityRef}: ${
            r.prUrl
              ? `reassignment ${r.prUrl}`
              : `to reassign by hand (${r.problem})`
          }`,
        );
      }
      ctx.output('reassigned', results);
    },
  });
}
