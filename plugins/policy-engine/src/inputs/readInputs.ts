/**
 * Turns files, directories and globs into PolicyInputs. A path inside `cwd` is given relative to it
 * (with /), so violations and SARIF name files the way a repository does.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PolicyInput } from '../types';

/** What a directory walk picks up; a file named explicitly is always read. */
const CANDIDATE = /\.(ya?ml|json|tf)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);
const GLOB_MAGIC = /[*?[\]{}]/;

export async function readInputs(
  paths: string[],
  cwd: string = process.cwd(),
): Promise<PolicyInput[]> {
  const files = new Set<string>();
  for (const p of paths) {
    if (GLOB_MAGIC.test(p)) {
      (await expandGlob(p, cwd)).forEach(f => files.add(f));
      continue;
    }
    const absolute = path.resolve(cwd, p);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat)
      throw new Error(
        `readInputs: ${p} does not exist (resolved against ${cwd})`,
      );
    if (stat.isDirectory()) (await walk(absolute)).forEach(f => files.add(f));
    else files.add(absolute);
  }
  const sorted = [...files].sort();
  return Promise.all(
    sorted.map(async file => ({
      path: display(file, cwd),
      content: await fs.readFile(file, 'utf8'),
    })),
  );
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await walk(full)));
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** `deploy/*.yaml`, `**\/*.tf`, `{a,b}/x.yaml`: walks from the pattern's literal prefix. */
async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, pattern).split(path.sep).join('/');
  const segments = absolute.split('/');
  const firstMagic = segments.findIndex(s => GLOB_MAGIC.test(s));
  const base = segments.slice(0, firstMagic).join('/') || '/';
  const matcher = globToRegExp(absolute);
  const stat = await fs.stat(base).catch(() => undefined);
  if (!stat?.isDirectory()) return [];
  const all = await walkAll(base);
  return all.filter(f => matcher.test(f.split(path.sep).join('/')));
}

async function walkAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await walkAll(full)));
    } else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** `**` crosses directories, `*` and `?` do not, `{a,b}` is either, `[...]` a character class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces += 1;
      re += '(?:';
    } else if (c === '}' && braces) {
      braces -= 1;
      re += ')';
    } else if (c === ',' && braces) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, '^')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative))
    return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
