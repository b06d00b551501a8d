/** Parses a command's flags with node:util parseArgs and turns its complaints into UsageErrors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const FORMATS = ['human', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly (unknown flags and missing values are UsageErrors); `--help` is always known. */
export function parseCommandArgs<T extends Options>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs explains the mistake well ("Unknown option '--x'"); only its type is wrong.
    throw new UsageError((error as Error).message);
  }
}

/** Checks `--format`: one of human, json or sarif; human when not given. */
export function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'human';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(
    `--format ${value} is not a format runway writes: use one of ${FORMATS.join(
      ', ',
    )}.`,
  );
}

/** The flags every reporting command takes: --policies, --format, --output (and --help). */
export function parseReportArgs(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, {
    policies: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  });
  return {
    help: Boolean(values.help),
    policies: values.policies as string | undefined,
    output: values.output as string | undefined,
    format: values.help
      ? 'human'
      : parseFormat(values.format as string | undefined),
    positionals,
  };
}
