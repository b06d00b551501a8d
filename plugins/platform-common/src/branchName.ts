import { disallowedCharacters, notText, quote, tooLong } from './wording';

/** The longest branch name accepted. */
export const BRANCH_NAME_MAX_LENGTH = 200;

const ALLOWED = 'letters, digits, ".", "_", "-" and "/"';

/**
 * What is wrong with `branch` as a branch that git and Argo CD accept and that is safe to write
 * into manifests, and how to fix it; undefined when it is one. Letters, digits, ".", "_", "-" and
 * "/"; not starting with "-", "/" or "."; no ".." or "//"; not ending with "/", "." or ".lock";
 * at most 200 characters. Worded like the other rules: a whole sentence, which an API puts after
 * the field's name (`services[0].branch: <problem>`).
 */
export function branchNameProblem(branch: unknown): string | undefined {
  if (branch === undefined || branch === null || branch === '') {
    return `Nothing entered. Give a git branch name of ${ALLOWED}, such as "main".`;
  }
  if (typeof branch !== 'string') {
    return `${notText(branch)} Give a git branch name of ${ALLOWED}.`;
  }
  const disallowed = disallowedCharacters(branch, 'A-Za-z0-9._/-');
  if (disallowed) return `${disallowed} Use ${ALLOWED}.`;
  // Only letters, digits, ".", "_", "-" and "/" are left.
  if (/^[-/.]/.test(branch)) {
    return `Must not start with ${quote(
      branch[0],
    )}; start with a letter, a digit or "_".`;
  }
  for (const sequence of ['..', '//']) {
    if (branch.includes(sequence)) {
      return `Must not contain ${quote(sequence)}.`;
    }
  }
  if (/[/.]$/.test(branch)) {
    return `Must not end with ${quote(branch[branch.length - 1])}.`;
  }
  if (branch.endsWith('.lock')) {
    return 'Must not end with ".lock", which git keeps for its lock files.';
  }
  return tooLong(branch, BRANCH_NAME_MAX_LENGTH);
}
