/**
 * Real git for the forge: bare repositories on disk, read and written with the git CLI, so
 * the REST git-data API, `git clone`/`git push` and isomorphic-git all see the same objects.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
}

export interface Identity {
  name: string;
  email: string;
  date?: string;
}

export class BareRepo {
  constructor(readonly dir: string) {}

  static async init(dir: string, defaultBranch: string): Promise<BareRepo> {
    fs.mkdirSync(dir, { recursive: true });
    await run(dir, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
    ]);
    // Served over smart HTTP: allow pushes (authentication is the forge's job).
    await run(dir, ['config', 'http.receivepack', 'true']);
    return new BareRepo(dir);
  }

  git(args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv) {
    return run(this.dir, args, input, env);
  }

  async writeBlob(content: Buffer): Promise<string> {
    return (await this.git(['hash-object', '-w', '--stdin'], content))
      .toString()
      .trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return this.git(['cat-file', 'blob', sha]);
  }

  async objectType(sha: string): Promise<string | undefined> {
    try {
      return (await this.git(['cat-file', '-t', sha])).toString().trim();
    } catch {
      return undefined;
    }
  }

  /** Resolves a branch, tag, `refs/...` or sha to a commit sha; undefined when unknown. */
  async resolve(ref: string): Promise<string | undefined> {
    try {
      const out = await this.git([
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return out.toString().trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async refs(prefix = 'refs/'): Promise<{ ref: string; sha: string }[]> {
    const out = (
      await this.git([
        'for-each-ref',
        '--format=%(refname) %(objectname)',
        prefix,
      ])
    ).toString();
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha] = line.split(' ');
        return { ref, sha };
      });
  }

  async updateRef(ref: string, sha: string, oldSha?: string): Promise<void> {
    await this.git(['update-ref', ref, sha, ...(oldSha ? [oldSha] : [])]);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  async lsTree(treeish: string, recursive = false): Promise<TreeEntry[]> {
    const out = (
      await this.git([
        'ls-tree',
        '-l',
        '--full-tree',
        ...(recursive ? ['-r', '-t'] : []),
        treeish,
      ])
    ).toString();
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [meta, name] = line.split('\t');
        const [mode, type, sha, size] = meta.split(/\s+/);
        return {
          path: name,
          mode,
          type: type as TreeEntry['type'],
          sha,
          size: size === '-' ? undefined : Number(size),
        };
      });
  }

  /**
   * Builds a tree from `base` (a tree sha, optional) with entries added, replaced or removed
   * (sha null), as the REST "create a tree" operation does. Uses a throwaway index.
   */
  async buildTree(
    base: string | undefined,
    entries: { path: string; mode: string; sha: string | null }[],
  ): Promise<string> {
    const index = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'forge-index-')),
      'index',
    );
    const env = { GIT_INDEX_FILE: index };
    try {
      if (base) await this.git(['read-tree', base], undefined, env);
      else await this.git(['read-tree', '--empty'], undefined, env);
      for (const entry of entries) {
        if (entry.sha === null) {
          // Mode 0 removes the path; unlike --force-remove it needs no work tree (bare repo).
          await this.git(
            ['update-index', '--index-info'],
            `0 ${'0'.repeat(40)}\t${entry.path}\n`,
            env,
          );
        } else {
          await this.git(
            [
              'update-index',
              '--add',
              '--cacheinfo',
              `${entry.mode},${entry.sha},${entry.path}`,
            ],
            undefined,
            env,
          );
        }
      }
      return (await this.git(['write-tree'], undefined, env)).toString().trim();
    } finally {
      fs.rmSync(path.dirname(index), { recursive: true, force: true });
    }
  }

  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: Identity,
    committer: Identity = author,
  ): Promise<string> {
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      ...(author.date ? { GIT_AUTHOR_DATE: author.date } : {}),
      ...(committer.date ? { GIT_COMMITTER_DATE: committer.date } : {}),
    };
    const args = ['commit-tree', tree, ...parents.flatMap(p => ['-p', p])];
    return (await this.git(args, message, env)).toString().trim();
  }

  async commit(sha: string): Promise<CommitInfo | undefined> {
    if ((await this.objectType(sha)) !== 'commit') return undefined;
    const format = [
      '%H',
      '%T',
      '%P',
      '%an',
      '%ae',
      '%aI',
      '%cn',
      '%ce',
      '%cI',
      '%B',
    ].join('%x00');
    const out = (
      await this.git(['show', '-s', `--format=${format}`, sha])
    ).toString();
    const [h, t, p, an, ae, ad, cn, ce, cd, ...body] = out.split('\0');
    return {
      sha: h,
      tree: t,
      parents: p ? p.split(' ') : [],
      message: body.join('\0').replace(/\n$/, ''),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
    };
  }

  async log(ref: string, limit: number): Promise<string[]> {
    const out = (
      await this.git(['rev-list', `--max-count=${limit}`, ref])
    ).toString();
    return out.split('\n').filter(Boolean);
  }

  /** Files changed between two commits, with patch, as GitHub's PR files list them. */
  async diffFiles(base: string, head: string) {
    const numstat = (
      await this.git(['diff', '--numstat', '--no-renames', base, head])
    ).toString();
    const status = (
      await this.git(['diff', '--name-status', '--no-renames', base, head])
    ).toString();
    const statuses = new Map(
      status
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [code, file] = line.split('\t');
          return [file, code] as const;
        }),
    );
    const files = [];
    for (const line of numstat.split('\n').filter(Boolean)) {
      const [add, del, file] = line.split('\t');
      const patch = (
        await this.git(['diff', base, head, '--', file])
      ).toString();
      const code = statuses.get(file) ?? 'M';
      const headBlob =
        code === 'D'
          ? undefined
          : (await this.git(['rev-parse', `${head}:${file}`]))
              .toString()
              .trim();
      files.push({
        filename: file,
        status:
          ({ A: 'added', D: 'removed' } as Record<string, string>)[code] ??
          'modified',
        additions: add === '-' ? 0 : Number(add),
        deletions: del === '-' ? 0 : Number(del),
        changes:
          (add === '-' ? 0 : Number(add)) + (del === '-' ? 0 : Number(del)),
        patch: patch.split('\n').slice(4).join('\n'),
        sha: headBlob ?? '0000000000000000000000000000000000000000',
      });
    }
    return files;
  }

  /** A merge commit of head into base (fails on conflicts), or a fast-forward when possible. */
  async merge(
    base: string,
    head: string,
    message: string,
    who: Identity,
  ): Promise<string> {
    const out = (
      await this.git(['merge-tree', '--write-tree', base, head])
    ).toString();
    const tree = out.split('\n')[0].trim();
    return this.commitTree(tree, [base, head], message, who);
  }

  archive(format: 'tar.gz' | 'zip', ref: string, prefix: string) {
    const args =
      format === 'zip'
        ? ['archive', '--format=zip', `--prefix=${prefix}/`, ref]
        : ['archive', '--format=tar.gz', `--prefix=${prefix}/`, ref];
    return spawn('git', args, { cwd: this.dir });
  }
}

async function run(
  cwd: string,
  args: string[],
  input?: string | Buffer,
  env?: NodeJS.ProcessEnv,
): Promise<Buffer> {
  if (input === undefined) {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => err.push(d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(
            new Error(
              `git ${args[0]} failed: ${Buffer.concat(err).toString()}`,
            ),
          ),
    );
    child.stdin.end(input);
  });
}
