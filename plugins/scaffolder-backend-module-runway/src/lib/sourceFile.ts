/**
 * The file a catalogue entity was registered from, when it is a file on the forge's default branch
 * (`url:https://<host>/<owner>/<repo>/blob|tree/<main|master>/<path>`). No query, fragment or
 * escapes: GitHub's reader would follow a `?ref=` to another branch, so such a URL names nothing.
 */
export interface SourceFile {
  owner: string;
  repo: string;
  branch: string;
  /** The file's path in the repository. */
  path: string;
}

/** Branches a registered file must be read from: a pushed side branch proves nothing. */
const DEFAULT_BRANCHES = ['main', 'master'];

export function sourceFileOf(
  location: string | undefined,
  githubHost: string,
): SourceFile | undefined {
  if (!location?.startsWith('url:')) return undefined;
  try {
    const parsed = new URL(location.slice('url:'.length));
    if (parsed.host !== githubHost || parsed.search || parsed.hash)
      return undefined;
    if (parsed.pathname.includes('%')) return undefined;
    const [owner, repo, kind, branch, ...rest] = parsed.pathname
      .split('/')
      .filter(Boolean);
    if (!owner || !repo || !['blob', 'tree'].includes(kind)) return undefined;
    if (!DEFAULT_BRANCHES.includes(branch)) return undefined;
    if (rest.some(segment => segment === '..' || segment === '.'))
      return undefined;
    return { owner, repo, branch, path: rest.join('/') };
  } catch {
    return undefined;
  }
}
