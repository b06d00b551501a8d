/**
 * The branches of a service's repository, for the environment form's branch picker: the
 * Component is read with the caller's credentials (what they cannot see, they cannot deploy), and
 * its repository must be in Runway's GitHub organisation, the only one Runway's credentials are
 * meant for.
 */
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createGithubClient } from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import { PROJECT_SLUG_ANNOTATION } from '../catalog/CatalogLookup';

/** More than a form's list can usefully show; the default branch always comes first. */
export const MAX_BRANCHES = 100;

export interface RepositoryBranches {
  repository: string;
  defaultBranch: string;
  branches: string[];
}

export class BranchLister {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      integrations: ScmIntegrationRegistry;
      github: GithubSettings;
      logger: LoggerService;
    },
  ) {}

  async list(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RepositoryBranches> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new NotFoundError(
        `entityRef: ${entityRef} is no Component of the catalogue that you may see; pick a service from the list.`,
      );
    }
    const slug = entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION] ?? '';
    const [owner, repo, ...rest] = slug.split('/');
    if (!owner || !repo || rest.length > 0) {
      throw new InputError(
        `entityRef: ${entityRef} names no GitHub repository (annotation ${PROJECT_SLUG_ANNOTATION}: <org>/<repo>); its owners should add it to catalog-info.yaml.`,
      );
    }
    const { github } = this.deps;
    if (
      owner.toLocaleLowerCase('en-US') !== github.org.toLocaleLowerCase('en-US')
    ) {
      throw new InputError(
        `entityRef: ${entityRef}'s repository ${slug} is outside ${github.org}, the organisation Runway deploys from.`,
      );
    }
    const client = await createGithubClient({
      integrations: this.deps.integrations,
      host: github.host,
      owner,
      repo,
      logger: this.deps.logger,
      requestTimeoutMs: github.requestTimeoutMs,
    });
    const [{ data: repository }, { data: branches }] = await Promise.all([
      client.rest.repos.get({ owner, repo }),
      client.rest.repos.listBranches({ owner, repo, per_page: MAX_BRANCHES }),
    ]);
    const names = branches
      .map(b => b.name)
      .filter(name => name !== repository.default_branch)
      .sort((a, b) => a.localeCompare(b));
    return {
      repository: `${owner}/${repo}`,
      defaultBranch: repository.default_branch,
      branches: [repository.default_branch, ...names].slice(0, MAX_BRANCHES),
    };
  }
}
