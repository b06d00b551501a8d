/** Small formatting helpers shared by the pages. */

/** `2024-05-01 12:34 UTC` from an ISO string, a Date or epoch seconds. */
export function formatTime(value: string | Date | number | undefined | null) {
  if (value === undefined || value === null || value === '') return '';
  let date: Date;
  if (typeof value === 'number') date = new Date(value * 1000);
  else date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export const firstLine = (s: string) => s.split('\n')[0];

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;
