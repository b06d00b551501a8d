/**
 * Which repository a Component may deploy: the one it was registered from. Shared by the
 * environment action (before Argo CD reads the repository with the platform's credentials) and
 * the environments backend (before it lists the repository's branches with Runway's).
 */
import { ANNOTATION_LOCATION } from '@backstage/catalog-model';

const SLUG_ANNOTATION = 'github.com/project-slug';
const SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** A Component's repository, or what is wrong with it (said after the Component's name). */
export type ComponentRepository =
  | { owner: string; repo: string; slug: string; problem?: undefined }
  | { problem: string };

/**
 * The repository (`owner/repo`, from `github.com/project-slug`) a Component deploys: named, and
 * the one it was registered from (repositoryOriginProblem). Used by environment:create and by the
 * branch picker's lookup, so the form and the action accept the same Components.
 */
export function componentRepository(
  annotations: Record<string, string> | undefined,
  githubHost: string,
): ComponentRepository {
  const slug = annotations?.[SLUG_ANNOTATION] ?? '';
  const [owner, repo] = slug.split('/');
  if (!SLUG.test(slug) || repo === '.' || repo === '..') {
    return {
      problem: `names no GitHub repository (annotation ${SLUG_ANNOTATION}: <owner>/<repo>), so Runway cannot tell where it lives; its owners should add it to its catalog-info.yaml.`,
    };
  }
  const problem = repositoryOriginProblem(
    annotations?.[ANNOTATION_LOCATION],
    slug,
    githubHost,
  );
  return problem ? { problem } : { owner, repo, slug };
}

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
