/** Writes a check's result as the user asked: human text, JSON or SARIF, to stdout or a file. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatHuman, toSarif, type CheckResult } from '@runway/policy-engine';
import type { Format } from './args';
import type { Io } from './io';

export interface ReportOptions {
  format: Format;
  /** A file to write the report to, relative to io.cwd; stdout then gets the human summary. */
  output?: string;
  /** Replaces the engine's human text when a command knows better (a missing catalog-info.yaml). */
  human?: string;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The report in one format, as text. JSON is the engine's result plus `ok`, for scripts. */
export function renderReport(
  result: CheckResult,
  format: Format,
  human?: string,
): string {
  switch (format) {
    case 'json':
      return withNewline(
        JSON.stringify(
          { ok: result.violations.length === 0, ...result },
          null,
          2,
        ),
      );
    case 'sarif':
      return withNewline(JSON.stringify(toSarif(result), null, 2));
    default:
      return withNewline(human ?? formatHuman(result));
  }
}

/** Prints or saves the report; with --output a person reading the CI log still sees the findings. */
export async function writeReport(
  result: CheckResult,
  options: ReportOptions,
  io: Io,
): Promise<void> {
  const text = renderReport(result, options.format, options.human);
  if (!options.output) {
    io.stdout.write(text);
    return;
  }
  const file = path.resolve(io.cwd, options.output);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, 'utf8');
  if (options.format !== 'human') {
    io.stdout.write(renderReport(result, 'human', options.human));
  }
  io.stdout.write(`Wrote the ${options.format} report to ${options.output}\n`);
}
