/**
 * Components whose GitHub repository is gone, or no longer carries the catalog-info.yaml they
 * were registered from. Read through Runway's GitHub client (retries, rate limits, timeouts); a
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
import { CheckOutcome, FoundProblem, problemKey } from './problem';
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
}

type Verdict = { problem?: FoundProblem; undecided: string[] };

export async function repositoryProblems(
  entities: Entity[],
  options: RepositoryCheckOptions,
): Promise<Pick<CheckOutcome, 'problems' | 'undecided'>> {
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
      });
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
    ({ entity, at }) =>
      verdictFor(
        stringifyEntityRef(entity),
        at,
        clientFor,
        once,
        options.logger,
      ),
  );
  return {
    problems: verdicts.flatMap(v => (v.problem ? [v.problem] : [])),
    undecided: verdicts.flatMap(v => v.undecided),
  };
}

async function verdictFor(
  entityRef: string,
  at: RepositoryRef,
  clientFor: (at: RepositoryRef) => Promise<GithubClient>,
  once: <T>(key: string, ask: () => Promise<T>) => Promise<T>,
  logger: LoggerService,
): Promise<Verdict> {
  const repoKey = problemKey({ kind: 'repository-missing', entityRef });
  const fileKey = problemKey({ kind: 'catalog-info-missing', entityRef });
  const name = `${at.owner}/${at.repo}`;
  const undecided = (what: string, error: unknown, keys: string[]): Verdict => {
    logger.warn(
      `Catalogue drift: could not ${what} for ${entityRef} (GitHub ${
        statusOf(error) ?? 'gave no answer'
      }); its earlier result stands until the next run.`,
    );
    return { undecided: keys };
  };
  let client: GithubClient;
  try {
    client = await clientFor(at);
  } catch {
    return { undecided: [repoKey, fileKey] };
  }
  try {
    const repoId = `${at.host}/${name}`.toLocaleLowerCase('en-US');
    await once(repoId, () =>
      client.rest.repos.get({ owner: at.owner, repo: at.repo }),
    );
  } catch (error) {
    if (statusOf(error) !== 404) {
      return undecided(`read ${name}`, error, [repoKey, fileKey]);
    }
    return {
      undecided: [],
      problem: {
        kind: 'repository-missing',
        entityRef,
        message: `Its repository ${at.host}/${name} does not exist, or Runway's GitHub credentials cannot see it.`,
        fix: `If ${name} was deleted, unregister the entity; if it was renamed, ${
          at.catalogInfo
            ? 'register its catalog-info.yaml from the new repository and unregister the old location'
            : 'point its github.com/project-slug at the new name'
        }. If it should exist, confirm with the entity's owner that it belongs to the company before giving Runway's GitHub App access to it.`,
      },
    };
  }
  const file = at.catalogInfo;
  if (!file) return { undecided: [] };
  try {
    const { data } = await once(
      `${at.host}/${name}@${file.ref}:${file.path}`.toLocaleLowerCase('en-US'),
      () =>
        client.rest.repos.getContent({
          owner: at.owner,
          repo: at.repo,
          path: file.path,
          ref: file.ref,
        }),
    );
    // A blob URL names a file; a tree URL names a folder, which GitHub lists.
    if (Array.isArray(data) === Boolean(file.folder)) return { undecided: [] };
  } catch (error) {
    if (statusOf(error) !== 404) {
      return undecided(`read ${file.path} in ${name}`, error, [fileKey]);
    }
  }
  return {
    undecided: [],
    problem: {
      kind: 'catalog-info-missing',
      entityRef,
      message: `${name} no longer has ${file.path} on ${file.ref}, the file the entity was registered from.`,
      fix: `Restore ${file.path} on ${file.ref} of ${name}; if the service's catalog-info.yaml moved, register the new file and unregister the old location.`,
    },
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
