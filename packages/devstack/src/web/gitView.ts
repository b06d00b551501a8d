/**
 * What the web view reads from a repository's git objects, on top of BareRepo: `-z` listings (so
 * unusual file names come out as they are), ref/path splitting, and diffs parsed per file.
 * Only validated shas, names of existing refs and literal paths ever reach git's command line.
 */
import type { BareRepo } from '../forge/git';
import { isSha } from './paths';

export interface Entry {
  /** Name inside its directory. */
  name: string;
  /** Path from the repository root. */
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

export interface Refs {
  branches: { name: string; sha: string }[];
  tags: { name: string }[];
}

/** Git's empty tree: the base of a root commit's diff. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const LITERAL = { GIT_LITERAL_PATHSPECS: '1' };

export async function readRefs(git: BareRepo): Promise<Refs> {
  let refs: { ref: string; sha: string }[];
  try {
    refs = await git.refs();
  } catch {
    return { branches: [], tags: [] };
  }
  return {
    branches: refs
      .filter(r => r.ref.startsWith('refs/heads/'))
      .map(r => ({ name: r.ref.slice('refs/heads/'.length), sha: r.sha })),
    tags: refs
      .filter(r => r.ref.startsWith('refs/tags/'))
      .map(r => ({ name: r.ref.slice('refs/tags/'.length) })),
  };
}

/**
 * Splits `ref/some/path` where the ref may itself hold slashes (`feature/x`): the longest
 * leading run of segments naming a branch or tag wins, else a commit sha.
 */
export async function resolveRefAndPath(
  git: BareRepo,
  refs: Refs,
  segments: string[],
): Promise<{ ref: string; sha: string; path: string } | undefined> {
  for (let i = segments.length; i > 0; i--) {
    const candidate = segments.slice(0, i).join('/');
    const rest = segments.slice(i).join('/');
    const branch = refs.branches.find(b => b.name === candidate);
    if (branch) return { ref: candidate, sha: branch.sha, path: rest };
    if (refs.tags.some(t => t.name === candidate)) {
      const sha = await git.resolve(`refs/tags/${candidate}`);
      if (sha) return { ref: candidate, sha, path: rest };
    }
  }
  if (segments.length && isSha(segments[0])) {
    const sha = await git.resolve(segments[0]);
    if (sha)
      return { ref: segments[0], sha, path: segments.slice(1).join('/') };
  }
  return undefined;
}

function parseLsTree(out: Buffer, dir: string): Entry[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map(record => {
      const tab = record.indexOf('\t');
      const [mode, type, sha, size] = record.slice(0, tab).split(/\s+/);
      const p = record.slice(tab + 1);
      const name = p.slice(p.lastIndexOf('/') + 1);
      return {
        name,
        path: dir && !p.includes('/') ? `${dir}/${p}` : p,
        mode,
        type: type as Entry['type'],
        sha,
        size: size === '-' || size === undefined ? undefined : Number(size),
      };
    });
}

/** The entry at `path` in commit `sha` (the root tree for ''), or undefined. */
export async function entryAt(
  git: BareRepo,
  sha: string,
  path: string,
): Promise<Entry | undefined> {
  if (!path) {
    const commit = await git.commit(sha);
    return commit
      ? { name: '', path: '', mode: '040000', type: 'tree', sha: commit.tree }
      : undefined;
  }
  try {
    const out = await git.git(
      ['ls-tree', '-z', '-l', '--full-tree', sha, '--', path],
      undefined,
      LITERAL,
    );
    return parseLsTree(out, '').find(e => e.path === path);
  } catch {
    return undefined;
  }
}

/** A directory's entries: directories first, then files, each by name. */
export async function listDir(
  git: BareRepo,
  tree: string,
  dir: string,
): Promise<Entry[]> {
  const out = await git.git(['ls-tree', '-z', '-l', tree]);
  const order = (e: Entry) => (e.type === 'tree' ? 0 : 1);
  return parseLsTree(out, dir).sort(
    (a, b) => order(a) - order(b) || a.name.localeCompare(b.name),
  );
}

export interface FileDiff {
  path: string;
  status: 'added' | 'removed' | 'modified';
  additions: number;
  deletions: number;
  binary: boolean;
  /** The hunks: lines from the first `@@` on (empty for binary or mode-only changes). */
  lines: string[];
}

/** Undoes git's C-style quoting of a path ("a/caf\303\251" → a/café). */
export function unquoteGitPath(quoted: string): string {
  if (!quoted.startsWith('"')) return quoted;
  const bytes: number[] = [];
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
    '"': 34,
    '\\': 92,
  };
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next?.charCodeAt(0) ?? 92);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `diff --git a/X b/X` → X (renames are off, so both sides name the same file). */
function pathFromHeader(header: string): string {
  const rest = header.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ');
    return unquoteGitPath(rest.slice(0, end + 1)).replace(/^a\//, '');
  }
  const length = (rest.length - 5) / 2;
  return rest.slice(2, 2 + length);
}

/** The unified diff between two commits (or the empty tree), as text. */
export async function diffText(
  git: BareRepo,
  base: string,
  head: string,
): Promise<string> {
  return (
    await git.git([
      '-c',
      'core.quotePath=false',
      'diff',
      '--no-renames',
      '--no-color',
      '--no-ext-diff',
      base,
      head,
    ])
  ).toString('utf8');
}

export function parseDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let current: FileDiff | undefined;
  let inHunks = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = {
        path: pathFromHeader(line),
        status: 'modified',
        additions: 0,
        deletions: 0,
        binary: false,
        lines: [],
      };
      inHunks = false;
      files.push(current);
      continue;
    }
    if (!current) continue;
    if (!inHunks) {
      if (line.startsWith('new file mode')) current.status = 'added';
      else if (line.startsWith('deleted file mode')) current.status = 'removed';
      else if (line.startsWith('Binary files ')) current.binary = true;
      else if (line.startsWith('@@')) inHunks = true;
      if (!inHunks) continue;
    }
    current.lines.push(line);
    if (line.startsWith('+')) current.additions++;
    else if (line.startsWith('-')) current.deletions++;
  }
  for (const file of files) {
    while (file.lines.length && file.lines[file.lines.length - 1] === '')
      file.lines.pop();
  }
  return files;
}

export async function diffFiles(
  git: BareRepo,
  base: string,
  head: string,
): Promise<FileDiff[]> {
  return parseDiff(await diffText(git, base, head));
}

export interface CommitSummary {
  sha: string;
  author: string;
  date: string;
  subject: string;
}

/** Commits reachable from `head` but not from `base` (or the last `limit` of head), newest first. */
export async function commitsBetween(
  git: BareRepo,
  base: string | undefined,
  head: string,
  limit = 250,
): Promise<CommitSummary[]> {
  const out = await git.git([
    'log',
    `--max-count=${limit}`,
    '--format=%H%x00%an%x00%aI%x00%s%x00',
    base ? `${base}..${head}` : head,
  ]);
  const fields = out.toString('utf8').split('\0');
  const commits: CommitSummary[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    commits.push({
      sha: fields[i].trim(),
      author: fields[i + 1],
      date: fields[i + 2],
      subject: fields[i + 3],
    });
  }
  return commits;
}
