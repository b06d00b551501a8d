/**
 * Where a Component's GitHub repository is, and which file in it the Component was registered
 * from. The registration's URL (`backstage.io/managed-by-location`) names both; the
 * `github.com/project-slug` annotation names the repository only (on Runway's GitHub host).
 */
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

export interface RepositoryRef {
  /** Forge host[:port], one of `integrations.github`. */
  host: string;
  owner: string;
  repo: string;
  /** The file the Component was registered from, when it came from this repository. */
  catalogInfo?: {
    path: string;
    ref: string;
    /**
     * Registered with a `tree/` URL: a folder, or the file itself (the catalogue keeps a
     * registered GitHub file's location as a `tree/` URL).
     */
    folder?: boolean;
  };
}

/**
 * An owner or repository name: letters, digits, `.`, `-`, `_`, never `.` or `..` alone (the
 * GitHub API would resolve those as path segments).
 */
const isName = (value: string) =>
  /^[\w.-]+$/.test(value) && value !== '.' && value !== '..';

/**
 * The repository of `entity`, or undefined when it names none on a GitHub host. `isGithubHost`
 * says which hosts are GitHub (the integrations); `defaultHost` is where a project slug points.
 * A branch whose name holds a slash cannot be told from the path in a blob URL: its first segment
 * is taken as the ref, and the file is then reported missing (docs/catalog-drift.md says so).
 */
export function repositoryOf(
  entity: Entity,
  options: { defaultHost: string; isGithubHost: (host: string) => boolean },
): RepositoryRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const fromLocation = locationRepository(annotations[ANNOTATION_LOCATION]);
  if (fromLocation && options.isGithubHost(fromLocation.host)) {
    return fromLocation;
  }
  const slug = annotations[PROJECT_SLUG_ANNOTATION];
  const match = slug && /^([\w.-]+)\/([\w.-]+)$/.exec(slug.trim());
  if (match && isName(match[1]) && isName(match[2])) {
    return { host: options.defaultHost, owner: match[1], repo: match[2] };
  }
  return undefined;
}

/** `url:https://host/owner/repo/(blob|tree)/ref/path…` → its parts; anything else → undefined. */
function locationRepository(
  location: string | undefined,
): RepositoryRef | undefined {
  if (!location?.startsWith('url:')) return undefined;
  let url: URL;
  try {
    url = new URL(location.slice('url:'.length));
  } catch {
    return undefined;
  }
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // a malformed %-escape: this entity names no repository
  }
  // A decoded slash, backslash or control character would change what the API is asked.
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  if (parts.some(part => /[\u0000-\u001f\u007f/\\]/.test(part))) {
    return undefined;
  }
  const [owner, repo, mode, ref, ...path] = parts;
  if (
    !owner ||
    !repo ||
    !isName(owner) ||
    !isName(repo.replace(/\.git$/, ''))
  ) {
    return undefined;
  }
  if (path.some(segment => segment === '.' || segment === '..')) {
    return undefined;
  }
  const repository = {
    host: url.host,
    owner,
    repo: repo.replace(/\.git$/, ''),
  };
  if ((mode === 'blob' || mode === 'tree') && ref && path.length > 0) {
    return {
      ...repository,
      catalogInfo: {
        path: path.join('/'),
        ref,
        ...(mode === 'tree' && { folder: true }),
      },
    };
  }
  return repository;
}
