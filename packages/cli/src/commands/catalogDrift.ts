/**
 * `runway catalog drift`: the catalogue drift Runway's backend found (owners that do not exist,
 * repositories gone or without their catalog-info.yaml), each with its fix. Reads
 * `GET /api/catalog-drift/problems` with the token in RUNWAY_TOKEN (the platform team's).
 */
import { UsageError, parseCommandArgs } from '../args';
import { ExitCode, type ExitCodeValue, type Io } from '../io';
import {
  DEFAULT_RUNWAY_URL,
  RunwayRequestError,
  printable,
  requestRunway,
  runwayUrl,
} from '../runwayRequest';

export const CATALOG_DRIFT_USAGE = `Usage: runway catalog drift [options]

Prints the catalogue drift Runway found: entities whose owner is not a Group or User, Components
whose GitHub repository is gone or no longer has the catalog-info.yaml they were registered from,
each with what to do about it.

Options:
  --url <url>        Runway's backend (default: $RUNWAY_URL, else http://localhost:7007)
  --check            Run the check now, then print what it found
  --format <format>  human (default) or json
  -h, --help         Show this help

Environment:
  RUNWAY_TOKEN       A Backstage token of a platform-team member (required)
  RUNWAY_URL         Runway's backend, when --url is not given

Exit codes: 0 no drift, 1 drift found, 2 usage error or Runway could not be asked.
`;

interface Problem {
  kind: string;
  entityRef: string;
  message: string;
  fix: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface Report {
  checkedAt?: string;
  /** Entities the check could not decide (GitHub did not answer); absent means none. */
  undecided?: number;
  problems: Problem[];
}

/** What the environment gives the command (process.env in `yarn runway`). */
export type Env = Record<string, string | undefined>;

function parseDriftArgs(argv: string[], env: Env) {
  const { values, positionals } = parseCommandArgs(argv, {
    url: { type: 'string' },
    check: { type: 'boolean' },
    format: { type: 'string' },
  });
  if (positionals.length > 0) {
    throw new UsageError(
      `catalog drift takes no arguments, not ${positionals.join(' ')}`,
    );
  }
  const format = (values.format as string | undefined) ?? 'human';
  if (!values.help && format !== 'human' && format !== 'json') {
    throw new UsageError(
      `--format ${format} is not a format catalog drift writes: use human or json.`,
    );
  }
  const url =
    (values.url as string | undefined) ?? env.RUNWAY_URL ?? DEFAULT_RUNWAY_URL;
  return {
    help: Boolean(values.help),
    check: Boolean(values.check),
    format,
    url: values.help ? url : runwayUrl(url),
  };
}

async function call(
  method: 'GET' | 'POST',
  url: string,
  token: string,
): Promise<unknown> {
  const res = await requestRunway(method, url, token);
  const body = res.body;
  if (!res.ok) {
    const reason = printable(body?.error?.message ?? res.text.slice(0, 200));
    const hint =
      res.status === 401 || res.status === 403
        ? ' The drift report is the platform team’s: set RUNWAY_TOKEN to a platform-team member’s Backstage token.'
        : '';
    throw new RunwayRequestError(
      `Runway answered ${method} ${url} with ${res.status}: ${reason}.${hint}`,
    );
  }
  if (body === undefined) {
    throw new RunwayRequestError(
      `Runway answered ${method} ${url} with something other than JSON; is --url Runway's backend?`,
    );
  }
  return body;
}

function formatHuman(report: Report): string {
  if (!report.checkedAt) {
    return 'The drift check has not run yet: run `runway catalog drift --check`.\n';
  }
  const undecided = report.undecided
    ? `${report.undecided} entit${
        report.undecided === 1 ? 'y' : 'ies'
      } could not be checked (GitHub did not answer for their repository); their earlier results stand.\n`
    : '';
  if (report.problems.length === 0) {
    return undecided
      ? `No drift found at the check of ${report.checkedAt}, but it is incomplete: ${undecided}`
      : `No drift: the check at ${report.checkedAt} found nothing.\n`;
  }
  const lines = report.problems.map(
    p =>
      `✗ ${printable(p.entityRef)} (${printable(p.kind)})\n  ${printable(
        p.message,
      )}\n  Fix: ${printable(p.fix)}\n  First seen ${printable(
        p.firstSeenAt,
      )}, last seen ${printable(p.lastSeenAt)}.`,
  );
  return `${lines.join('\n\n')}\n\n${
    report.problems.length
  } problem(s) at the check of ${report.checkedAt}.\n${undecided}`;
}

/**
 * Clean only when a check ran, found nothing and decided everything; drift found is a violation;
 * no check yet, or nothing found but some entities undecided, is not a clean bill of health.
 */
function exitCodeOf(report: Report): ExitCodeValue {
  if (!report.checkedAt) return ExitCode.UsageOrLoadError;
  if (report.problems.length > 0) return ExitCode.Violations;
  return report.undecided ? ExitCode.UsageOrLoadError : ExitCode.Clean;
}

/** Runs the command; returns its exit code. */
export async function catalogDrift(
  argv: string[],
  io: Io,
  env: Env = process.env,
): Promise<ExitCodeValue> {
  const options = parseDriftArgs(argv, env);
  if (options.help) {
    io.stdout.write(CATALOG_DRIFT_USAGE);
    return ExitCode.Clean;
  }
  const token = env.RUNWAY_TOKEN;
  if (!token) {
    throw new UsageError(
      'RUNWAY_TOKEN is not set: set it to a platform-team member’s Backstage token.',
    );
  }
  const api = `${options.url}/api/catalog-drift`;
  try {
    if (options.check) await call('POST', `${api}/check`, token);
    const report = (await call('GET', `${api}/problems`, token)) as Report;
    const code = exitCodeOf(report);
    io.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(
            { ok: code === ExitCode.Clean, ...report },
            null,
            2,
          )}\n`
        : formatHuman(report),
    );
    return code;
  } catch (error) {
    if (!(error instanceof RunwayRequestError)) throw error;
    io.stderr.write(`runway catalog drift: ${error.message}\n`);
    return ExitCode.UsageOrLoadError;
  }
}
