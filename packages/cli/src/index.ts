/** `runway <command>`: dispatches to a command and maps every outcome to an exit code. */
import { PolicyLoadError } from '@runway/policy-engine';
import { UsageError } from './args';
import { CATALOG_CHECK_USAGE, catalogCheck } from './commands/catalogCheck';
import { CATALOG_DRIFT_USAGE, catalogDrift } from './commands/catalogDrift';
import {
  DEPLOY_BUMP_USAGE,
  DEPLOY_ROLLBACK_USAGE,
  deployBump,
  deployRollback,
} from './commands/deploy';
import { POLICY_CHECK_USAGE, policyCheck } from './commands/policyCheck';
import { TEMPLATE_TEST_USAGE, templateTest } from './commands/templateTest';
import { ExitCode, type ExitCodeValue, type Io } from './io';
import { describeLoadError } from './policies';

export { ExitCode, type ExitCodeValue, type Io } from './io';

export const USAGE = `Usage: runway <command> [options]

Commands:
  policy check <paths…>   Run Runway's policies on Kubernetes, Terraform and catalogue files
  catalog check [dir]     Check the repository's catalog-info.yaml as Runway's catalogue would
  catalog drift           Print the catalogue drift Runway found (missing owners, repositories)
  deploy bump             Open or update the platform-config pull request deploying an image tag
  deploy rollback         Open the pull request that restores a stage's previous image tag
  template test [dirs…]   Dry-run each template's examples on Runway and check what they expect

Run \`runway <command> --help\` for a command's options.
Exit codes: 0 clean, 1 violations, 2 usage or load error.
`;

type Command = (argv: string[], io: Io) => Promise<ExitCodeValue>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  'policy check': { run: policyCheck, usage: POLICY_CHECK_USAGE },
  'catalog check': { run: catalogCheck, usage: CATALOG_CHECK_USAGE },
  'catalog drift': { run: catalogDrift, usage: CATALOG_DRIFT_USAGE },
  'deploy bump': { run: deployBump, usage: DEPLOY_BUMP_USAGE },
  'deploy rollback': { run: deployRollback, usage: DEPLOY_ROLLBACK_USAGE },
  'template test': { run: templateTest, usage: TEMPLATE_TEST_USAGE },
};

/** Runs `runway` with argv (without node and the script) and returns the exit code. */
export async function run(argv: string[], io: Io): Promise<ExitCodeValue> {
  const [group, verb, ...rest] = argv;
  if (group === undefined || ['-h', '--help', 'help'].includes(group)) {
    (group === undefined ? io.stderr : io.stdout).write(USAGE);
    return group === undefined ? ExitCode.UsageOrLoadError : ExitCode.Clean;
  }
  const command = COMMANDS[`${group} ${verb}`];
  if (!command) {
    io.stderr.write(
      `runway: unknown command \`${[group, verb]
        .filter(Boolean)
        .join(' ')}\`.\n\n${USAGE}`,
    );
    return ExitCode.UsageOrLoadError;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`runway: ${error.message}\n\n${command.usage}`);
    } else if (error instanceof PolicyLoadError) {
      io.stderr.write(`${describeLoadError(error, io)}\n`);
    } else {
      // 1 means "violations found"; a crash must not look like one.
      io.stderr.write(
        `runway ${group} ${verb} failed: ${(error as Error).stack ?? error}\n`,
      );
    }
    return ExitCode.UsageOrLoadError;
  }
}
