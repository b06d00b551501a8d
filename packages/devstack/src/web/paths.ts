/** Web view addresses (the same shapes as GitHub's, which the forge's html_url fields use) and their parsing. */
import { HttpError } from './layout';

/** Encodes each segment of a path or ref, keeping the slashes between them. */
export const encodePath = (p: string) =>
  p.split('/').map(encodeURIComponent).join('/');

export const repoHref = (owner: string, repo: string) =>
  `/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

export const treeHref = (owner: string, repo: string, ref: string, dir = '') =>
  `${repoHref(owner, repo)}/tree/${encodePath(ref)}${
    dir ? `/${encodePath(dir)}` : ''
  }`;

export const blobHref = (owner: string, repo: string, ref: string, p: string) =>
  `${repoHref(owner, repo)}/blob/${encodePath(ref)}/${encodePath(p)}`;

export const rawHref = (owner: string, repo: string, ref: string, p: string) =>
  `${repoHref(owner, repo)}/raw/${encodePath(ref)}/${encodePath(p)}`;

export const commitHref = (owner: string, repo: string, sha: string) =>
  `${repoHref(owner, repo)}/commit/${encodeURIComponent(sha)}`;

export const pullHref = (owner: string, repo: string, n: number) =>
  `${repoHref(owner, repo)}/pull/${n}`;

export const pullsHref = (owner: string, repo: string) =>
  `${repoHref(owner, repo)}/pulls`;

export const channelHref = (nameOrId: string) =>
  `/slack/${encodeURIComponent(nameOrId)}`;

export const mailHref = (id: string) => `/mail/${encodeURIComponent(id)}`;

/**
 * Splits the already-decoded rest of a path (`ref/dir/file`) into segments, refusing `.`/`..`,
 * empty segments, backslashes and control characters: paths never leave the repository's tree.
 */
export function safeSegments(rest: string | undefined): string[] {
  if (rest === undefined || rest === '') return [];
  const segments = rest.replace(/\/$/, '').split('/');
  for (const s of segments) {
    if (
      s === '' ||
      s === '.' ||
      s === '..' ||
      s.includes('\\') ||
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/.test(s)
    ) {
      throw new HttpError(400, 'This path is not allowed.');
    }
  }
  return segments;
}

/** A commit sha, full or abbreviated. */
export const isSha = (s: string) => /^[0-9a-f]{4,64}$/i.test(s);

/** A route parameter as one string (`*` captures are `0`), however the router typed it. */
export function param(
  req: { params: Record<string, string | string[] | undefined> },
  name: string,
): string {
  const value = req.params[name];
  return Array.isArray(value) ? value.join('/') : value ?? '';
}
