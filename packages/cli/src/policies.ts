/** Loads the policy baseline both commands run, from --policies or Runway's own policies/ folder. */
import path from 'node:path';
import {
  PolicyLoadError,
  defaultPoliciesDir,
  loadPolicies,
  type PolicySet,
} from '@runway/policy-engine';
import type { Io } from './io';

/** Loads the policies; a broken policy file throws the engine's PolicyLoadError (exit code 2). */
export function loadPolicySet(
  policiesFlag: string | undefined,
  io: Io,
): Promise<PolicySet> {
  const dir = policiesFlag
    ? path.resolve(io.cwd, policiesFlag)
    : defaultPoliciesDir();
  return loadPolicies(dir);
}

/** The engine's `file:line:column: message`, with the file relative to where the user is. */
export function describeLoadError(error: PolicyLoadError, io: Io): string {
  const file = path.relative(io.cwd, error.file) || error.file;
  const message = error.message.startsWith(error.file)
    ? `${file}${error.message.slice(error.file.length)}`
    : error.message;
  return `runway could not load the policies: ${message}\nFix what it names, or point --policies at a folder of policy files.`;
}
