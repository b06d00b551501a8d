/**
 * GitHub's GraphQL API, validated against GitHub's published schema (@octokit/graphql-schema).
 * Only what Runway's clients query resolves (repository → ref → associatedPullRequests, viewer);
 * any other field is valid GraphQL but resolves to null, and is reported as not implemented.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Request, Response } from 'express';
import { GraphQLSchema, buildSchema, graphql } from 'graphql';
import { BareRepo } from './git';
import { ForgeState, fullName } from './state';
import { ForgeUrls } from './urls';

let schema: GraphQLSchema | undefined;

/** The package exports only an ES module entry, so its schema file is found on the module paths. */
function graphqlSchemaFile(): string {
  const dirs = require.resolve.paths('@octokit/graphql-schema') ?? [];
  const found = dirs
    .map(d => path.join(d, '@octokit/graphql-schema/schema.graphql'))
    .find(f => fs.existsSync(f));
  if (!found) throw new Error('@octokit/graphql-schema is not installed');
  return found;
}

function githubSchema(): GraphQLSchema {
  schema ??= buildSchema(fs.readFileSync(graphqlSchemaFile(), 'utf8'), {
    assumeValid: true,
  });
  return schema;
}

export interface GraphqlContext {
  state: ForgeState;
  urls: ForgeUrls;
  git(owner: string, repo: string): BareRepo;
}

export async function graphqlHandler(
  req: Request,
  res: Response,
  ctx: GraphqlContext,
) {
  const { query, variables, operationName } = req.body ?? {};
  if (typeof query !== 'string')
    return res.status(400).json({
      message: 'A query attribute must be specified and must be a string.',
    });
  const rootValue = {
    viewer: () => ({ login: (req as any).viewer?.login }),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = ctx.state.repo(owner, name);
      if (!repo) return null;
      return {
        id: `R_${repo.id}`,
        name: repo.name,
        nameWithOwner: fullName(repo),
        url: ctx.urls.html(repo.owner, repo.name),
        ref: async ({ qualifiedName }: { qualifiedName: string }) => {
          const refName = qualifiedName.startsWith('refs/')
            ? qualifiedName
            : `refs/heads/${qualifiedName}`;
          const sha = await ctx.git(repo.owner, repo.name).resolve(refName);
          if (!sha) return null;
          const branch = refName.replace('refs/heads/', '');
          return {
            id: `REF_${branch}`,
            name: branch,
            prefix: 'refs/heads/',
            associatedPullRequests: ({
              states,
              first = 100,
            }: {
              states?: string[];
              first?: number;
            }) => {
              const pulls = ctx.state.data.pulls
                .filter(p => p.repo === fullName(repo) && p.head === branch)
                .filter(
                  p =>
                    !states ||
                    states.includes(
                      p.merged ? 'MERGED' : p.state.toUpperCase(),
                    ),
                )
                .slice(0, first);
              return {
                totalCount: pulls.length,
                edges: pulls.map(p => ({
                  node: {
                    id: `PR_${p.id}`,
                    number: p.number,
                    url: `${ctx.urls.html(repo.owner, repo.name)}/pull/${
                      p.number
                    }`,
                    title: p.title,
                    state: p.merged ? 'MERGED' : p.state.toUpperCase(),
                  },
                })),
                nodes: [],
              };
            },
          };
        },
      };
    },
  };
  const result = await graphql({
    schema: githubSchema(),
    source: query,
    variableValues: variables,
    operationName,
    rootValue,
  });
  return res.status(200).json(result);
}
