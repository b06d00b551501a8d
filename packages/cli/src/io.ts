/** Where a command reads and writes: the process's streams in `yarn runway`, buffers in tests. */
export interface Io {
  /** The directory relative paths are resolved from (where the user ran the command). */
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The environment (GITHUB_TOKEN…); process.env when not given. */
  env?: Record<string, string | undefined>;
}

/** What `runway` exits with, so CI can tell "the checks found problems" from "it could not check". */
export const ExitCode = {
  /** Every check passed. */
  Clean: 0,
  /** The checks found violations, or the catalogue entry is missing or invalid. */
  Violations: 1,
  /** The command line was wrong, or the policies or inputs could not be loaded. */
  UsageOrLoadError: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
