/**
 * Components whose GitHub repository is gone, moved (renamed or transferred), archived, or no
 * longer carries the catalog-info.yaml they were registered from. Read through Runway's GitHub client (retries, rate limits, timeouts); a
 * question GitHub could not answer leaves that problem undecided rather than solved.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  GithubClient,
  GithubRetryOptions,
  createGithubClient,
  statusOf,
} from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import { DriftKind } from '@runway/plugin-catalog-drift-common';
import { whereRegistered } from './ownerProblems';
import { CheckOutcome, FoundProblem, problemKey } from './problem';
import { RateLimitReserve, RateLimitReserveReached } from './rateLimitReserve';
import { RepositoryRef, repositoryOf } from './repositoryOf';

export interface RepositoryCheckOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider?: GithubCredentialsProvider;
  github: GithubSettings;
  logger: LoggerService;
  /** GitHub requests in flight at once. */
  concurrency: number;
  /** The client's retries of a 5xx (tests shorten them); default the client's. */
  retry?: GithubRetryOptions;
  /** Requests of the rate limit left to the golden paths: below it the check stops asking. */
  rateLimitReserve: number;
  /** The clock, for the rate limit's reset (tests control it); default Date.now. */
  now?: () => number;
}

type Verdict = {
  problems: FoundProblem[];
  undecided: string[];
  /** Why this entity is undecided, for the report. */
  reason?: string;
};

/** Reasons listed in the report; more are counted, and the log has each. */
const MAX_REASONS = 5;

export async function repositoryProblems(
  entities: Entity[],
  options: RepositoryCheckOptions,
): Promise<Pick<CheckOutcome, 'problems' | 'undecided' | 'reasons'>> {
  const reserve = new RateLimitReserve(options.rateLimitReserve, options.now);
  const clients = new Map<string, Promise<GithubClient>>();
  // One client per repository: an App installed on selected repositories gives no token for one
  // outside the selection, which must leave only that repository's Components undecided.
  const clientFor = (at: RepositoryRef) => {
    const key = `${at.host}/${at.owner}/${at.repo}`.toLocaleLowerCase('en-US');
    let client = clients.get(key);
    if (!client) {
      client = createGithubClient({
        integrations: options.integrations,
        credentialsProvider: options.credentialsProvider,
        host: at.host,
        owner: at.owner,
        repo: at.repo,
        logger: options.logger,
        requestTimeoutMs: options.github.requestTimeoutMs,
        retry: options.retry,
      }).then(c => reserve.watch(c, at.host, at.owner));
      client.catch(error =>
        options.logger.warn(
          `Catalogue drift: cannot read ${at.host}/${at.owner}/${at.repo}, its Components are left undecided: ${error.message}`,
        ),
      );
      clients.set(key, client);
    }
    return client;
  };

  const located = entities.flatMap(entity => {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return [];
    const at = repositoryOf(entity, {
      defaultHost: options.github.host,
      isGithubHost: host => Boolean(options.integrations.github.byHost(host)),
    });
    return at ? [{ entity, at }] : [];
  });

  // Each repository and each file is asked about once per run, however many Components name it:
  // the App's rate limit is shared with the golden paths.
  const answers = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
    let answer = answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = ask();
      answers.set(key, answer);
    }
    return answer;
  };

  const verdicts = await mapLimit(
    located,
    options.concurrency,
    ({ entity, at }) => verdictFor(entity, at, clientFor, once, options.logger),
  );
  const reasons = [
    ...new Set(verdicts.flatMap(v => (v.reason ? [v.reason] : []))),
  ];
  const stopped = reasons.filter(r => r.startsWith('Stopped asking GitHub'));
  if (stopped.length > 0) options.logger.warn(`Catalogue drift: ${stopped[0]}`);
  return {
    problems: verdicts.flatMap(v => v.problems),
    undecided: verdicts.flatMap(v => v.undecided),
    reasons:
      reasons.length > MAX_REASONS
        ? [
            ...reasons.slice(0, MAX_REASONS),
            `…and ${
              reasons.length - MAX_REASONS
            } more (the backend's log has each).`,
          ]
        : reasons,
  };
}

/** What one repository look-up decides: all of it is undecided when GitHub does not answer. */
const REPOSITORY_KINDS: DriftKind[] = [
  'repository-missing',
  'repository-moved',
  'repository-archived',
  'catalog-info-missing',
];

const isDeprecated = (entity: Entity) =>
  (entity.spec as { lifecycle?: unknown } | undefined)?.lifecycle ===
  'deprecated';

async function verdictFor(
  entity: Entity,
  at: RepositoryRef,
  clientFor: (at: RepositoryRef) => Promise<GithubClient>,
  once: <T>(key: string, ask: () => Promise<T>) => Promise<T>,
  logger: LoggerService,
): Promise<Verdict> {
  const entityRef = stringifyEntityRef(entity);
  const keys = (...kinds: DriftKind[]) =>
    kinds.map(kind => problemKey({ kind, entityRef }));
  const name = `${at.owner}/${at.repo}`;
  const undecided = (what: string, error: unknown, of: string[]): Verdict => {
    if (error instanceof RateLimitReserveReached) {
      return { problems: [], undecided: of, reason: error.message };
    }
    const status = statusOf(error) ?? 'gave no answer';
    logger.warn(
      `Catalogue drift: could not ${what} for ${entityRef} (GitHub ${status}); its earlier result stands until the next run.`,
    );
    return {
      problems: [],
      undecided: of,
      reason: `Could not ${what} on ${at.host} (GitHub ${status}).`,
    };
  };

  let client: GithubClient;
  try {
    client = await clientFor(at);
  } catch (error) {
    return {
      problems: [],
      undecided: keys(...REPOSITORY_KINDS),
      reason: `No GitHub client for ${at.host}/${name}: ${
        (error as Error).message
      }`,
    };
  }

  let repository: { full_name: string; archived?: boolean };
  try {
    const repoId = `${at.host}/${name}`.toLocaleLowerCase('en-US');
    // A renamed or transferred repository answers with a redirect, which fetch follows.
    ({ data: repository } = await once(repoId, () =>
      client.rest.repos.get({ owner: at.owner, repo: at.repo }),
    ));
  } catch (error) {
    if (statusOf(error) !== 404) {
      return undecided(`read ${name}`, error, keys(...REPOSITORY_KINDS));
    }
    return { problems: [repositoryMissing(entityRef, at)], undecided: [] };
  }

  const problems: FoundProblem[] = [];
  const moved =
    repository.full_name.toLocaleLowerCase('en-US') !==
    name.toLocaleLowerCase('en-US');
  if (moved) problems.push(repositoryMoved(entity, at, repository.full_name));
  if (repository.archived && !isDeprecated(entity)) {
    problems.push(repositoryArchived(entity, at));
  }

  const file = at.catalogInfo;
  if (!file) return { problems, undecided: [] };
  // The file is looked for where the repository is now; the move is reported on its own.
  const [owner, repo] = repository.full_name.split('/');
  try {
    const { data } = await once(
      `${at.host}/${repository.full_name}@${file.ref}:${file.path}`.toLocaleLowerCase(
        'en-US',
      ),
      () =>
        client.rest.repos.getContent({
          owner,
          repo,
          path: file.path,
          ref: file.ref,
        }),
    );
    // A blob URL names a file; a tree URL a folder (which GitHub lists) or, as the catalogue
    // records a registered file, the file.
    if (file.folder || !Array.isArray(data)) {
      return { problems, undecided: [] };
    }
  } catch (error) {
    if (statusOf(error) !== 404) {
      const verdict = undecided(
        `read ${file.path} in ${repository.full_name}`,
        error,
        keys('catalog-info-missing'),
      );
      return { ...verdict, problems };
    }
  }
  problems.push({
    kind: 'catalog-info-missing',
    entityRef,
    message: `${repository.full_name} no longer has ${file.path} on ${file.ref}, the file the entity was registered from.`,
    fix: `Restore ${file.path} on ${file.ref} of ${repository.full_name}; if the service's catalog-info.yaml moved, register the new file and unregister the old location.`,
  });
  return { problems, undecided: [] };
}

function repositoryMissing(entityRef: string, at: RepositoryRef): FoundProblem {
  const name = `${at.owner}/${at.repo}`;
  return {
    kind: 'repository-missing',
    entityRef,
    message: `Its repository ${at.host}/${name} does not exist, or Runway's GitHub credentials cannot see it.`,
    fix: `If ${name} was deleted, unregister the entity; if it was renamed, ${
      at.catalogInfo
        ? 'register its catalog-info.yaml from the new repository and unregister the old location'
        : 'point its github.com/project-slug at the new name'
    }. If it should exist, confirm with the entity's owner that it belongs to the company before giving Runway's GitHub App access to it.`,
  };
}

function repositoryMoved(
  entity: Entity,
  at: RepositoryRef,
  now: string,
): FoundProblem {
  const file = at.catalogInfo;
  const newUrl =
    file &&
    `https://${at.host}/${now}/${file.folder ? 'tree' : 'blob'}/${file.ref}/${
      file.path
    }`;
  return {
    kind: 'repository-moved',
    entityRef: stringifyEntityRef(entity),
    message: `Its repository ${at.host}/${at.owner}/${at.repo} is now ${at.host}/${now}: GitHub redirects the old name only until another repository takes it.`,
    fix: newUrl
      ? `Update the registration and catalog-info URLs to ${now}: register ${newUrl}, unregister the old location, and change github.com/project-slug and any other URLs naming ${at.owner}/${at.repo} in its catalog-info.yaml.`
      : `Update the catalog-info URLs to ${now}: set github.com/project-slug to ${now} in ${whereRegistered(
          entity,
        )}, and any other URLs naming ${at.owner}/${at.repo}.`,
  };
}

function repositoryArchived(entity: Entity, at: RepositoryRef): FoundProblem {
  const name = `${at.owner}/${at.repo}`;
  return {
    kind: 'repository-archived',
    entityRef: stringifyEntityRef(entity),
    message: `Its repository ${at.host}/${name} is archived (read-only), but the entity's lifecycle is not deprecated.`,
    fix: `If the service is retired, unregister the entity; if it stays in the catalogue, set spec.lifecycle to deprecated in ${whereRegistered(
      entity,
    )} (unarchive ${name} for that commit, then archive it again).`,
  };
}

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
