/**
 * Which repository a Component may deploy: the one it was registered from. Shared by the
 * environment action (before Argo CD reads the repository with the platform's credentials) and
 * the environments backend (before it lists the repository's branches with Runway's).
 */
const SLUG_ANNOTATION = 'github.com/project-slug';

/**
 * Why a Component may not deploy the repository its `github.com/project-slug` names, or
 * undefined when it may. Anyone can register a Component, and Argo CD reads with the platform's
 * credentials: a Component read from a file on a repository's default branch deploys only that
 * repository, so nobody deploys (and so reads) a repository they could not register from.
 * Components read from the platform's own config (`file:` locations on Runway's server; people
 * can register only `url:` ones) are trusted as written.
 */
export function repositoryOriginProblem(
  location: string | undefined,
  slug: string,
  githubHost: string,
): string | undefined {
  if (location?.startsWith('file:')) return undefined;
  const registeredFrom = location?.startsWith('url:')
    ? repositoryOf(location.slice('url:'.length), githubHost)
    : undefined;
  if (
    registeredFrom?.toLocaleLowerCase('en-US') ===
    slug.toLocaleLowerCase('en-US')
  ) {
    return undefined;
  }
  return `names ${slug} as its repository (${SLUG_ANNOTATION}) but was read from ${
    location ?? 'no location'
  }; a Component deploys only the repository on ${githubHost} whose default branch (main or master) holds its catalog-info.yaml. Register ${slug}'s own catalog-info.yaml from its default branch, or correct the annotation.`;
}

/** Branches a registered file must be read from: a pushed side branch proves nothing. */
const DEFAULT_BRANCHES = ['main', 'master'];

/**
 * `owner/repo` of a file URL on the forge's default branch
 * (`https://<host>/<owner>/<repo>/blob|tree/<main|master>/…`), else undefined. No query, fragment
 * or escapes: GitHub's reader would follow a `?ref=` to another branch.
 */
function repositoryOf(url: string, githubHost: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.host !== githubHost || parsed.search || parsed.hash)
      return undefined;
    if (parsed.pathname.includes('%')) return undefined;
    const [owner, repo, kind, branch] = parsed.pathname
      .split('/')
      .filter(Boolean);
    if (!owner || !repo || !['blob', 'tree'].includes(kind)) return undefined;
    if (!DEFAULT_BRANCHES.includes(branch)) return undefined;
    return `${owner}/${repo}`;
  } catch {
    return undefined;
  }
}
