/**
 * Turns `terraform:pr:create`'s input into the exact change to propose: checked paths and names,
 * the rendered and verified `main.tf`, the branch and the PR's title and labels. Pure: no API calls,
 * so a dry run does all of it too.
 */
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { ModuleSpec, normalizeModules, renderMainTf } from './hcl';
import {
  defaultBranchName,
  validateBranchName,
  validateFiles,
  validateLabels,
  validateRemovals,
  validateRepoPath,
  validateText,
} from './inputs';
import { policyEngine } from '../../lib/policyEngine';
import { setOwn } from './objects';
import { readSourceFiles } from './sourceFiles';
import { verifyMainTf } from './verifyHcl';

export interface TerraformChange {
  host: string;
  owner: string;
  repo: string;
  targetPath: string;
  branch: string;
  modules: ModuleSpec[];
  /** Repository path → content (null: delete it), the module file first when modules were given. */
  files: Record<string, string | null>;
  title: string;
  body?: string;
  labels: string[];
}

export async function prepareChange(
  input: Record<string, unknown>,
  integrations: ScmIntegrationRegistry,
  workspacePath?: string,
): Promise<TerraformChange> {
  if (typeof input.repoUrl !== 'string')
    throw new InputError(
      'repoUrl must be a string such as github.com?owner=acme&repo=platform-config',
    );
  const { host, owner, repo } = parseRepoUrl(input.repoUrl, integrations);
  if (!owner || !repo)
    throw new InputError(
      `repoUrl ${input.repoUrl} must name owner and repo, e.g. github.com?owner=acme&repo=platform-config`,
    );
  const targetPath = validateRepoPath(input.targetPath, 'targetPath');
  const modules =
    input.modules === undefined ? [] : normalizeModules(input.modules);
  const extraFiles = validateFiles(input.files);
  if (input.sourcePath !== undefined) {
    if (typeof input.sourcePath !== 'string' || !workspacePath)
      throw new InputError(
        'sourcePath must be a directory of the workspace such as ./platform-config',
      );
    const fromWorkspace = await readSourceFiles(
      workspacePath,
      input.sourcePath,
    );
    for (const [path, content] of Object.entries(fromWorkspace)) {
      if (Object.prototype.hasOwnProperty.call(extraFiles, path))
        throw new InputError(
          `files[${JSON.stringify(
            path,
          )}] clashes with the same file under sourcePath; keep one of them`,
        );
      setOwn(extraFiles, path, content);
    }
  }
  const removals = validateRemovals(input.removeFiles);
  if (
    !modules.length &&
    !Object.keys(extraFiles).length &&
    !removals.length &&
    input.folders === undefined
  )
    throw new InputError(
      'Nothing to propose: give modules, files, sourcePath, folders, removeFiles, or a combination',
    );
  const moduleFile = validateModuleFile(input.moduleFile);
  if (
    modules.length &&
    Object.prototype.hasOwnProperty.call(extraFiles, moduleFile)
  )
    throw new InputError(
      `files["${moduleFile}"] (or ${moduleFile} under sourcePath) clashes with the ${moduleFile} rendered from modules; rename the file or drop modules`,
    );
  await checkTerraformFiles(extraFiles);
  const folderFiles = await readFolders(input.folders, workspacePath);
  checkYamlFiles({ ...extraFiles, ...folderFiles });

  const files: Record<string, string | null> = {};
  if (modules.length) {
    const mainTf = renderMainTf(modules);
    await verifyMainTf(mainTf, modules);
    files[`${targetPath}/${moduleFile}`] = mainTf;
  }
  for (const [path, content] of Object.entries(extraFiles))
    setOwn(files, `${targetPath}/${path}`, content);
  for (const [path, content] of Object.entries(folderFiles)) {
    if (Object.prototype.hasOwnProperty.call(files, path))
      throw new InputError(
        `folders: ${path} is also written under targetPath; give each folder its own repository path`,
      );
    setOwn(files, path, content);
  }
  for (const path of removals) {
    const full = `${targetPath}/${path}`;
    if (Object.prototype.hasOwnProperty.call(files, full))
      throw new InputError(
        `removeFiles: ${path} is also written by this change; keep one of them`,
      );
    setOwn(files, full, null);
  }

  return {
    host,
    owner,
    repo,
    targetPath,
    branch:
      input.branchName === undefined
        ? defaultBranchName(targetPath)
        : validateBranchName(input.branchName),
    modules,
    files,
    title: validateText(input.title, 'title', { required: true })!.trim(),
    body: validateText(input.body, 'body', { required: false }),
    labels: validateLabels(input.labels),
  };
}

/** The file the module blocks go to: a plain `.tf` name in targetPath itself, default main.tf. */
function validateModuleFile(value: unknown): string {
  if (value === undefined) return 'main.tf';
  if (
    typeof value !== 'string' ||
    !/^[A-Za-z0-9][A-Za-z0-9_.-]*\.tf$/.test(value)
  )
    throw new InputError(
      `moduleFile must be a file name ending in .tf, without folders, such as main.tf or jane-doe.tf (got ${JSON.stringify(
        value,
      )})`,
    );
  return value;
}

/** Raw `.tf` files must at least parse, so a template typo fails here rather than in Atlantis. */
async function checkTerraformFiles(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    if (!path.endsWith('.tf')) continue;
    try {
      await policyEngine().parseHcl(path, content);
    } catch (e) {
      throw new InputError(
        `files[${JSON.stringify(path)}] is not valid HCL: ${
          (e as Error).message
        }`,
      );
    }
  }
}

/**
 * `folders`: more workspace directories, each added under its own repository path (a service's
 * Argo CD Applications under apps/<name>/ beside its Terraform under services/<name>/).
 * Repository path → text.
 */
async function readFolders(
  value: unknown,
  workspacePath: string | undefined,
): Promise<Record<string, string>> {
  if (value === undefined) return {};
  if (!Array.isArray(value) || !workspacePath)
    throw new InputError(
      'folders must be a list of { sourcePath, targetPath }, e.g. [{ sourcePath: ./apps, targetPath: apps/payments-api }]',
    );
  const files: Record<string, string> = {};
  for (const [i, folder] of value.entries()) {
    if (typeof folder?.sourcePath !== 'string')
      throw new InputError(
        `folders[${i}].sourcePath must be a directory of the workspace such as ./apps`,
      );
    const target = validateRepoPath(
      folder.targetPath,
      `folders[${i}].targetPath`,
    );
    const read = await readSourceFiles(workspacePath, folder.sourcePath);
    if (!Object.keys(read).length)
      throw new InputError(
        `folders[${i}].sourcePath ${folder.sourcePath} holds no files; render them there first (fetch:template)`,
      );
    for (const [path, content] of Object.entries(read)) {
      const full = `${target}/${path}`;
      if (Object.prototype.hasOwnProperty.call(files, full))
        throw new InputError(
          `folders[${i}]: ${full} is written by another folder too; give each folder its own targetPath`,
        );
      setOwn(files, full, content);
    }
  }
  return files;
}

/** YAML files must parse, so a template's rendering mistake fails here, not in Argo CD. */
function checkYamlFiles(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    if (!/\.ya?ml$/.test(path)) continue;
    const problem = parseAllDocuments(content)
      .flatMap(doc => doc.errors)
      .at(0);
    if (problem)
      throw new InputError(
        `${JSON.stringify(path)} is not valid YAML: ${problem.message}`,
      );
  }
}
