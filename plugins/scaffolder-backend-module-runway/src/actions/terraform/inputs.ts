/**
 * Checks of `terraform:pr:create`'s inputs that are not HCL: repository paths, the branch name,
 * labels, and the file map. Every failure is an InputError that names the field and says what to fix.
 */
import { InputError } from '@backstage/errors';
import { isPlainObject, setOwn } from './objects';

/** C0 control characters, space excluded, and DEL. */
const isControl = (ch: string) => ch.charCodeAt(0) < 0x20 || ch === '\x7f';

/** One path segment may not be empty, `.`, `..` or `.git`, nor hold a backslash or a control character. */
function pathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/')) return 'must be relative (no leading /)';
  if ([...path].some(ch => ch === '\\' || isControl(ch)))
    return 'must not contain backslashes or control characters';
  for (const segment of path.split('/')) {
    if (segment === '..') return 'must not contain ..';
    if (segment === '' || segment === '.')
      return 'must not contain empty or . segments';
    if (segment.toLowerCase() === '.git') return 'must not write into .git';
  }
  return undefined;
}

/** A directory or file path inside the repository, e.g. `services/payments-api`. */
export function validateRepoPath(path: unknown, field: string): string {
  if (typeof path !== 'string')
    throw new InputError(
      `${field} must be a string path such as services/payments-api`,
    );
  const trimmed = path.replace(/\/+$/, '');
  const problem = pathProblem(trimmed);
  if (problem)
    throw new InputError(
      `${field} ${JSON.stringify(
        path,
      )} ${problem}; give a path inside the repository such as services/payments-api`,
    );
  return trimmed;
}

/** git check-ref-format's rules for a branch name. */
function branchProblem(name: string): string | undefined {
  if (name === '' || name === '@') return 'is empty';
  if ([...name].some(ch => isControl(ch) || ' ~^:?*[\\'.includes(ch)))
    return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  if (name.includes('..') || name.includes('@{') || name.includes('//'))
    return 'must not contain .., @{ or //';
  if (name.startsWith('/') || name.endsWith('/') || name.startsWith('-'))
    return 'must not start with / or - nor end with /';
  if (name.endsWith('.') || name.endsWith('.lock'))
    return 'must not end with . or .lock';
  if (name.split('/').some(s => s.startsWith('.')))
    return 'must not have a segment starting with .';
  return undefined;
}

export function validateBranchName(
  name: unknown,
  field = 'branchName',
): string {
  if (typeof name !== 'string')
    throw new InputError(
      `${field} must be a string such as runway/payments-api`,
    );
  const problem = branchProblem(name);
  if (problem)
    throw new InputError(
      `${field} ${JSON.stringify(
        name,
      )} ${problem}; give a git branch name such as runway/payments-api`,
    );
  return name;
}

/** `runway/<last segment of targetPath>`, with characters git refuses replaced by dashes. */
export function defaultBranchName(targetPath: string): string {
  const last = targetPath.split('/').pop() ?? '';
  const safe = [...last]
    .map(ch => (isControl(ch) || ' ~^:?*[\\@{}'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$|\.lock$/g, '');
  return `runway/${safe || 'change'}`;
}

/** Files to write, keyed by their path relative to targetPath; values are the raw text. */
export function validateFiles(
  files: unknown,
  field = 'files',
): Record<string, string> {
  if (files === undefined) return {};
  if (!isPlainObject(files))
    throw new InputError(`${field} must be a map of path to file content`);
  const out: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    const at = `${field}[${JSON.stringify(path)}]`;
    const problem = pathProblem(path);
    if (problem)
      throw new InputError(
        `${at}: the path ${problem}; give a path relative to targetPath such as variables.tf`,
      );
    if (typeof content !== 'string')
      throw new InputError(
        `${at} must be the file's text, got ${typeof content}`,
      );
    setOwn(out, path, content);
  }
  return out;
}

/** Paths (relative to targetPath) to delete, each checked as files' paths are. */
export function validateRemovals(
  paths: unknown,
  field = 'removeFiles',
): string[] {
  if (paths === undefined) return [];
  if (!Array.isArray(paths))
    throw new InputError(`${field} must be a list of paths`);
  return paths.map((path, i) => {
    const problem =
      typeof path === 'string' ? pathProblem(path) : 'is not a string';
    if (problem)
      throw new InputError(
        `${field}[${i}]: the path ${problem}; give a path relative to targetPath such as engineer-jane-doe.tf`,
      );
    return path as string;
  });
}

export function validateLabels(labels: unknown, field = 'labels'): string[] {
  if (labels === undefined) return [];
  if (!Array.isArray(labels))
    throw new InputError(`${field} must be a list of label names`);
  labels.forEach((label, i) => {
    if (typeof label !== 'string' || label.trim() === '')
      throw new InputError(`${field}[${i}] must be a non-empty label name`);
  });
  return [...new Set(labels as string[])];
}

export function validateText(
  value: unknown,
  field: string,
  { required }: { required: boolean },
): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && value.trim() === ''))
    throw new InputError(`${field} must be a non-empty string`);
  return value;
}
