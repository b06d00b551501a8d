/**
 * Turns a template's `paths` (workspace-relative files, directories or globs) into absolute paths
 * that are guaranteed to stay inside the task's workspace, links included.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

const GLOB_MAGIC = /[*?[\]{}]/;

const isThere = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/** Absolute, de-duplicated paths for `patterns`; throws InputError naming the pattern at fault. */
export async function resolveWorkspacePaths(
  workspacePath: string,
  patterns: string[],
  inputName = 'paths',
): Promise<string[]> {
  const resolved = new Set<string>();
  for (const pattern of patterns) {
    assertRelative(pattern, inputName);
    const matches = GLOB_MAGIC.test(pattern)
      ? await expandGlob(workspacePath, pattern)
      : [pattern];
    const found = matches.map(m =>
      insideWorkspace(workspacePath, m, inputName),
    );
    const exists = await Promise.all(found.map(isThere));
    if (!exists.includes(true))
      throw new InputError(
        `${inputName}: ${JSON.stringify(
          pattern,
        )} matches nothing in the workspace; check the path, and that the step rendering it runs before this one.`,
      );
    found.forEach(p => resolved.add(p));
  }
  return [...resolved].sort();
}

/** `..` is refused already, so a path that still leaves the workspace does so through a link. */
function insideWorkspace(
  workspacePath: string,
  match: string,
  inputName: string,
) {
  try {
    return resolveSafeChildPath(workspacePath, match);
  } catch {
    throw new InputError(
      `${inputName}: ${JSON.stringify(
        match,
      )} is a link that leaves the workspace; the gate reads only what the task rendered.`,
    );
  }
}

/** Refuses absolute paths and `..` before anything touches the disk. */
function assertRelative(pattern: string, inputName: string) {
  const segments = pattern.split(/[\\/]+/);
  if (!pattern || path.isAbsolute(pattern) || segments.includes('..'))
    throw new InputError(
      `${inputName}: ${JSON.stringify(
        pattern,
      )} is not a path inside the workspace; give a relative path without "..", such as "deploy" or "deploy/*.yaml".`,
    );
}

// Node's glob does not descend into linked directories, so a match is a link at most at its end.
async function expandGlob(cwd: string, pattern: string): Promise<string[]> {
  const matches: string[] = [];
  for await (const match of fs.glob(pattern, { cwd })) matches.push(match);
  return matches;
}
