/** The small measures the start benchmarks share. */
import fs from 'node:fs';

/** How long after ready a backend's RSS is read: start-up work that follows readiness under way. */
export const SETTLE_MS = 5_000;

/** A process's resident memory (VmRSS) in MiB. */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kib / 1024;
}

/** The middle value (the upper middle for an even count). */
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
