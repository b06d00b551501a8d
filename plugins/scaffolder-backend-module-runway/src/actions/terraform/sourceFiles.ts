/**
 * Reads `terraform:pr:create`'s `sourcePath`: a directory of the task's workspace (rendered by
 * `fetch:template` or copied by `fetch:plain`) whose files join the pull request, so static
 * boilerplate lives beside the template instead of inside its YAML.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/** Relative path (with `/`) → text, for every regular file under `sourcePath`. */
export async function readSourceFiles(
  workspacePath: string,
  sourcePath: string,
): Promise<Record<string, string>> {
  let root: string;
  try {
    root = resolveSafeChildPath(workspacePath, sourcePath);
  } catch {
    throw new InputError(
      `sourcePath ${JSON.stringify(
        sourcePath,
      )} leaves the task's workspace; give a relative path such as ./platform-config`,
    );
  }
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory())
    throw new InputError(
      `sourcePath ${JSON.stringify(
        sourcePath,
      )} is not a directory in the workspace; render or copy the files there first (fetch:template or fetch:plain)`,
    );
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    const content = await fs.readFile(full);
    if (content.includes(0))
      throw new InputError(
        `sourcePath: ${relative} is a binary file; a Terraform pull request carries text files only`,
      );
    files[relative] = content.toString('utf8');
  }
  return Object.fromEntries(
    Object.entries(files).sort(([a], [b]) => a.localeCompare(b)),
  );
}
