/** `runway policy check <paths…>`: runs the policy baseline on files, folders and globs. */
import { readInputs } from '@runway/policy-engine';
import { UsageError, parseReportArgs } from '../args';
import { ExitCode, type ExitCodeValue, type Io } from '../io';
import { writeReport } from '../output';
import { loadPolicySet } from '../policies';

export const POLICY_CHECK_USAGE = `Usage: runway policy check <paths…> [options]

Runs Runway's policies on Kubernetes manifests, Terraform (.tf and plan JSON) and catalogue
entities. Paths are files, folders (searched recursively) or globs, relative to where you run it.

Options:
  --policies <dir>   Folder of policy files (default: Runway's policies/)
  --format <format>  human (default), json or sarif
  --output <file>    Write the report to a file; stdout gets the human summary
  -h, --help         Show this help

Exit codes: 0 no violations, 1 violations, 2 usage or load error.
`;

/** Runs the command; returns its exit code. */
export async function policyCheck(
  argv: string[],
  io: Io,
): Promise<ExitCodeValue> {
  const values = parseReportArgs(argv);
  const { positionals, format } = values;
  if (values.help) {
    io.stdout.write(POLICY_CHECK_USAGE);
    return ExitCode.Clean;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      'policy check needs at least one path: a file, a folder or a glob, e.g. `runway policy check deploy`.',
    );
  }

  const policySet = await loadPolicySet(values.policies, io);
  const inputs = await readInputs(positionals, io.cwd).catch(error => {
    // A path that does not exist is a mistake on the command line, not a finding.
    throw new UsageError((error as Error).message.replace(/^readInputs: /, ''));
  });
  if (inputs.length === 0) {
    // Checking nothing and passing would be a silent green in CI.
    throw new UsageError(
      `No files found at ${positionals.join(', ')} (relative to ${io.cwd}).`,
    );
  }
  const result = await policySet.check(inputs);
  await writeReport(result, { format, output: values.output }, io);
  return result.violations.length > 0 ? ExitCode.Violations : ExitCode.Clean;
}
