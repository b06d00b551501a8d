/**
 * An Application's source as Argo CD's repo server sees it, read from the forge's git: the
 * repository, the commit its targetRevision points at, and the manifests under its path. What is
 * missing fails with the message Argo CD gives.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BareRepo } from '../forge/git';
import { Forge } from '../forge/forge';
import { ApplicationSource } from './types';

export type SourceState =
  | {
      ok: true;
      /** The commit targetRevision resolved to: status.sync.revision. */
      revision: string;
      /** The path's git tree: what Argo CD compares, so unrelated commits cause no sync. */
      tree: string;
      repo: BareRepo;
    }
  | { ok: false; message: string };

const failure = (desc: string): SourceState => ({
  ok: false,
  message: `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = ${desc}`,
});

/** owner/repo of a repository URL, whatever the host (the devstack plays github.com too). */
export function repoOfUrl(
  repoURL: string,
): { owner: string; name: string } | undefined {
  const match = repoURL.match(/[/:]([^/:]+)\/([^/]+?)(\.git)?\/?$/);
  return match ? { owner: match[1], name: match[2] } : undefined;
}

/**
 * Reads sources off the forge's bare repositories, every API call, cheaply: a branch's sha from
 * its ref file, and what a commit holds (immutable) from a cache.
 */
export class SourceReader {
  private readonly trees = new Map<string, string | undefined>();
  private readonly commits = new Map<string, string | undefined>();

  constructor(private readonly forge: Forge) {}

  async resolve(source: ApplicationSource): Promise<SourceState> {
    const slug = repoOfUrl(source.repoURL);
    const record = slug && this.forge.state.repo(slug.owner, slug.name);
    if (!slug || !record)
      return failure(
        `failed to list refs: repository not found: ${source.repoURL}`,
      );
    const repo = this.forge.git(record.owner, record.name);
    const target = source.targetRevision || 'HEAD';
    const revision = await this.commitOf(
      repo,
      target === 'HEAD' ? record.default_branch : target,
    );
    if (!revision)
      return failure(`Unable to resolve '${target}' to a commit SHA`);
    const path = (source.path ?? '').replace(/^\.?\/?|\/$/g, '');
    const spec = path ? `${revision}:${path}` : `${revision}:`;
    if (!this.trees.has(spec)) this.trees.set(spec, await treeOf(repo, spec));
    const tree = this.trees.get(spec);
    if (!tree) return failure(`${path}: app path does not exist`);
    return { ok: true, revision, tree, repo };
  }

  /** A branch's head from its ref file (no git process); else what git resolves, cached. */
  async commitOf(repo: BareRepo, ref: string): Promise<string | undefined> {
    const branch = branchHead(repo.dir, ref);
    if (branch) return branch;
    const key = `${repo.dir}@${ref}`;
    // Only a full sha names the same commit forever.
    if (/^[0-9a-f]{40}$/.test(ref) && this.commits.has(key))
      return this.commits.get(key);
    const sha = await repo.resolve(ref);
    this.commits.set(key, sha);
    return sha;
  }
}

async function treeOf(
  repo: BareRepo,
  spec: string,
): Promise<string | undefined> {
  // `<rev>:<path>` names the path's object; only a folder is an app path.
  if ((await repo.objectType(spec)) !== 'tree') return undefined;
  return (await repo.git(['rev-parse', spec])).toString().trim();
}

function branchHead(dir: string, ref: string): string | undefined {
  if (!/^[\w.\-/]+$/.test(ref) || ref.includes('..')) return undefined;
  try {
    return fs
      .readFileSync(nodePath.join(dir, 'refs/heads', ref), 'utf8')
      .trim();
  } catch {
    try {
      const packed = fs.readFileSync(nodePath.join(dir, 'packed-refs'), 'utf8');
      return packed
        .split('\n')
        .find(line => line.endsWith(` refs/heads/${ref}`))
        ?.split(' ')[0];
    } catch {
      return undefined;
    }
  }
}

/** The Kubernetes objects in the path (subfolders with directory.recurse), Kustomization files aside. */
export async function manifestsAt(
  repo: BareRepo,
  revision: string,
  source: ApplicationSource,
): Promise<any[]> {
  const path = (source.path ?? '').replace(/^\.?\/?|\/$/g, '');
  const files = (
    await repo.git([
      'ls-tree',
      ...(source.directory?.recurse ? ['-r'] : []),
      '--name-only',
      revision,
      '--',
      path ? `${path}/` : '.',
    ])
  )
    .toString()
    .split('\n')
    .filter(
      f => /\.(ya?ml|json)$/.test(f) && !/(^|\/)kustomization\.ya?ml$/.test(f),
    );
  const objects: any[] = [];
  for (const file of files) {
    const text = (await repo.git(['show', `${revision}:${file}`])).toString();
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length)
        throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object?.kind && object?.apiVersion) objects.push(object);
    }
  }
  return objects;
}
