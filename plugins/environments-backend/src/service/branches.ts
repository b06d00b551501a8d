/**
 * The branches of a service's repository, for the environment form's branch picker: the
 * Component is read with the caller's credentials (what they cannot see, they cannot deploy), and
 * its repository must be in Runway's GitHub organisation and the one it was registered from, the
 * rule environment:create applies (anyone may register a Component naming any repository). The
 * answers are kept a minute, and each person may make only so many lookups a minute, so nobody
 * spends the GitHub App's rate limit that golden paths need.
 */
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createGithubClient } from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import { componentRepository } from '@runway/plugin-environments-node';

/** More than a form's list can usefully show; the default branch always comes first. */
export const MAX_BRANCHES = 100;
/** How long a repository's branches are answered from memory. */
export const KEEP_MS = 60_000;
/** Lookups that reach GitHub, per person and minute. */
export const LOOKUPS_PER_MINUTE = 30;

export interface RepositoryBranches {
  repository: string;
  defaultBranch: string;
  branches: string[];
}

export class BranchLister {
  private readonly kept = new Map<
    string,
    { at: number; value: Promise<RepositoryBranches> }
  >();
  private readonly lookups = new Map<string, number[]>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      integrations: ScmIntegrationRegistry;
      github: GithubSettings;
      logger: LoggerService;
      now?: () => number;
      /** LOOKUPS_PER_MINUTE unless a test says otherwise. */
      lookupsPerMinute?: number;
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
    const repository = componentRepository(
      entity.metadata.annotations,
      this.deps.github.host,
    );
    if (repository.problem !== undefined) {
      throw new InputError(`entityRef: ${entityRef} ${repository.problem}`);
    }
    const { owner, repo, slug } = repository;
    const { github } = this.deps;
    if (
      owner.toLocaleLowerCase('en-US') !== github.org.toLocaleLowerCase('en-US')
    ) {
      throw new InputError(
        `entityRef: ${entityRef}'s repository ${slug} is outside ${github.org}, the organisation Runway deploys from.`,
      );
    }

    const now = (this.deps.now ?? Date.now)();
    const key = slug.toLocaleLowerCase('en-US');
    const kept = this.kept.get(key);
    if (kept && now - kept.at <= KEEP_MS) return kept.value;
    this.countLookup(credentials, now);
    const value = this.fetch(owner, repo);
    this.kept.set(key, { at: now, value });
    value.catch(() => this.kept.delete(key));
    return value;
  }

  /** Refuses a person's lookup past LOOKUPS_PER_MINUTE in the last minute. */
  private countLookup(credentials: BackstageCredentials, now: number) {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const who = principal.userEntityRef ?? principal.subject ?? 'anonymous';
    const recent = (this.lookups.get(who) ?? []).filter(
      at => now - at < 60_000,
    );
    const limit = this.deps.lookupsPerMinute ?? LOOKUPS_PER_MINUTE;
    if (recent.length >= limit) {
      throw new NotAllowedError(
        `${who} listed the branches of ${limit} repositories in the last minute; wait a minute (Runway's GitHub rate limit is shared with the golden paths).`,
      );
    }
    this.lookups.set(who, [...recent, now]);
  }

  private async fetch(owner: string, repo: string) {
    const { github } = this.deps;
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
