/** An Io that records what a command printed, for asserting on it. */
import type { Io } from '../io';

export interface RecordedIo extends Io {
  out(): string;
  err(): string;
}

export function recordingIo(cwd: string): RecordedIo {
  let stdout = '';
  let stderr = '';
  return {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    out: () => stdout,
    err: () => stderr,
  };
}
