/**
 * Loads and compiles every policy of a directory once. A later call for the same directory
 * returns the same PolicySet while no policy file was added, removed or changed (by mtime and
 * size), so a backend or a CLI can call it per request.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCheck } from '../check/runCheck';
import { PolicyLoadError } from '../errors';
import type { PolicySet } from '../types';
import { parsePolicy } from './parsePolicy';

const POLICY_FILE = /\.ya?ml$/;

const cache = new Map<string, { signature: string; set: Promise<PolicySet> }>();

export async function loadPolicies(dir: string): Promise<PolicySet> {
  const root = path.resolve(dir);
  const files = await policyFiles(root);
  const signature = await signatureOf(files);
  const hit = cache.get(root);
  if (hit?.signature === signature) return hit.set;
  const set = compileAll(root, files);
  cache.set(root, { signature, set });
  // A failed load is not remembered: the next call reads the (fixed) files again.
  set.catch(() => {
    if (cache.get(root)?.set === set) cache.delete(root);
  });
  return set;
}

async function policyFiles(root: string): Promise<string[]> {
  const entries = await fs
    .readdir(root, { withFileTypes: true })
    .catch(error => {
      throw new PolicyLoadError(
        root,
        `cannot read the policies directory (${
          (error as Error).message
        }); point at a directory of <id>.yaml policy files`,
      );
    });
  return entries
    .filter(e => e.isFile() && POLICY_FILE.test(e.name))
    .map(e => path.join(root, e.name))
    .sort();
}

async function signatureOf(files: string[]): Promise<string> {
  const stats = await Promise.all(files.map(f => fs.stat(f)));
  return files
    .map((f, i) => `${f}:${stats[i].mtimeMs}:${stats[i].size}`)
    .join('\n');
}

async function compileAll(root: string, files: string[]): Promise<PolicySet> {
  if (!files.length)
    throw new PolicyLoadError(
      root,
      'no policy files (<id>.yaml) in this directory; a policy gate with no policies would let everything through',
    );
  const compiled = await Promise.all(
    files.map(async file => parsePolicy(file, await fs.readFile(file, 'utf8'))),
  );
  const seen = new Map<string, string>();
  for (const c of compiled) {
    const other = seen.get(c.policy.id);
    if (other)
      throw new PolicyLoadError(
        c.policy.file,
        `policy id '${c.policy.id}' is also defined in ${other}; keep one`,
      );
    seen.set(c.policy.id, c.policy.file);
  }
  const policies = compiled.map(c => c.policy);
  return {
    policies,
    check: inputs => runCheck(compiled, inputs),
  };
}
