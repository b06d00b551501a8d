/**
 * Fault injection shared by every stand-in: fail the next N calls of one operation (a GitHub
 * operationId such as `pulls/create`, or a Slack method such as `chat.postMessage`) with a status,
 * or slow them down. Tests use it to prove retries work and side effects stay single.
 */
export interface FaultSpec {
  /** GitHub operationId (`pulls/create`) or Slack method (`chat.postMessage`). */
  target: string;
  /** HTTP status to answer with: 500, 502, 503 or 429 (429 sends Retry-After). */
  status?: 429 | 500 | 502 | 503;
  /** How many of the next calls fail; default 1. */
  times?: number;
  /** Seconds for the Retry-After header of a 429; default 1. */
  retryAfterSeconds?: number;
  /** Milliseconds to wait before answering (with or without a failure). */
  delayMs?: number;
}

export interface Fault {
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

export class FaultController {
  private readonly pending = new Map<string, FaultSpec[]>();

  inject(spec: FaultSpec): void {
    const list = this.pending.get(spec.target) ?? [];
    list.push({ times: 1, ...spec });
    this.pending.set(spec.target, list);
  }

  clear(): void {
    this.pending.clear();
  }

  /** The fault for this call of `target`, if one is pending; counts it down. */
  take(target: string): Fault | undefined {
    const list = this.pending.get(target);
    const spec = list?.[0];
    if (!spec) return undefined;
    spec.times = (spec.times ?? 1) - 1;
    if (spec.times <= 0) list!.shift();
    return {
      status: spec.status,
      retryAfterSeconds:
        spec.status === 429 ? spec.retryAfterSeconds ?? 1 : undefined,
      delayMs: spec.delayMs,
    };
  }
}
