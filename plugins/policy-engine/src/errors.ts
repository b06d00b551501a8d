/**
 * A policy file that cannot be used: its message starts with `<file>:<line>:<column>:` (as far as
 * known), names the field or the CEL position at fault, and says what to do.
 */
export class PolicyLoadError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    file: string,
    message: string,
    position?: { line?: number; column?: number },
  ) {
    const where = [file, position?.line, position?.line && position?.column]
      .filter(Boolean)
      .join(':');
    super(`${where}: ${message}`);
    this.name = 'PolicyLoadError';
    this.file = file;
    this.line = position?.line;
    this.column = position?.line ? position?.column : undefined;
  }
}
