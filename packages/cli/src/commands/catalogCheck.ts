/**
 * `runway catalog check [dir]`: the repository at dir has a catalog-info.yaml whose entities
 * Runway's catalogue accepts, and they pass the catalogue policies.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  formatHuman,
  type CheckResult,
  type PolicySet,
} from '@runway/policy-engine';
import { UsageError, parseReportArgs } from '../args';
import {
  CATALOG_ENTITY_VALID,
  CATALOG_INFO_PRESENT,
} from '../catalog/catalogRules';
import {
  CATALOG_INFO,
  invalidEntities,
  missingCatalogInfo,
} from '../catalog/catalogViolations';
import { ExitCode, type ExitCodeValue, type Io } from '../io';
import { writeReport } from '../output';
import { loadPolicySet } from '../policies';

export const CATALOG_CHECK_USAGE = `Usage: runway catalog check [dir] [options]

Checks that the repository at dir (default: the current folder) has a catalog-info.yaml at its
root, that Runway's catalogue would accept every entity in it, and that they pass the catalogue
policies.

Options:
  --policies <dir>   Folder of policy files (default: Runway's policies/)
  --format <format>  human (default), json or sarif
  --output <file>    Write the report to a file; stdout gets the human summary
  -h, --help         Show this help

Exit codes: 0 clean, 1 missing or invalid catalog-info.yaml or violations, 2 usage or load error.
`;

interface Report {
  result: CheckResult;
  /** Human text in place of the engine's, when there is more to say. */
  human?: string;
}

async function isDirectory(dir: string): Promise<boolean> {
  return fs.stat(dir).then(
    stats => stats.isDirectory(),
    () => false,
  );
}

async function readIfPresent(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(error => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** Present, then valid, then the catalogue policies: each step only when the one before passed. */
async function checkCatalogInfo(
  dir: string,
  policySet: PolicySet,
  io: Io,
): Promise<Report> {
  const file = path.relative(io.cwd, path.join(dir, CATALOG_INFO));
  const content = await readIfPresent(path.join(dir, CATALOG_INFO));
  if (content === undefined) {
    const violation = missingCatalogInfo(dir, file, io.cwd);
    return {
      result: {
        violations: [violation],
        files: [],
        policies: [CATALOG_INFO_PRESENT],
      },
      human: `✗ ${violation.message}\n\n${violation.remediation}`,
    };
  }

  const own = [CATALOG_INFO_PRESENT, CATALOG_ENTITY_VALID];
  const { entities, violations } = await invalidEntities(content, file);
  if (violations.length > 0) {
    // Policies read the entities; on a file the catalogue would reject they only add noise.
    const result: CheckResult = {
      violations,
      files: [{ file, kind: 'catalog', resources: entities }],
      policies: own,
    };
    return {
      result,
      human: `${formatHuman(
        result,
      )}\nCatalogue policies not run: fix the entities first.`,
    };
  }
  const checked = await policySet.check([{ path: file, content }]);
  const catalogPolicies = policySet.policies.filter(p => p.match.catalog);
  return { result: { ...checked, policies: [...own, ...catalogPolicies] } };
}

/** Runs the command; returns its exit code. */
export async function catalogCheck(
  argv: string[],
  io: Io,
): Promise<ExitCodeValue> {
  const values = parseReportArgs(argv);
  const { positionals, format } = values;
  if (values.help) {
    io.stdout.write(CATALOG_CHECK_USAGE);
    return ExitCode.Clean;
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `catalog check takes one folder, not ${
        positionals.length
      }: ${positionals.join(' ')}`,
    );
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!(await isDirectory(dir))) {
    throw new UsageError(`${dir} is not a folder: give the repository's root.`);
  }
  const policySet = await loadPolicySet(values.policies, io);
  const { result, human } = await checkCatalogInfo(dir, policySet, io);
  await writeReport(result, { format, output: values.output, human }, io);
  return result.violations.length > 0 ? ExitCode.Violations : ExitCode.Clean;
}
