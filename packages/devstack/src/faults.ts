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

/**
 * Faults at random, reproducibly: each call of a matching target fails with chance `rate`, the
 * fault picked from `faults`. Every target draws from its own stream seeded by `seed` and its
 * name, so calls of other targets (a background job's reads) do not change a target's faults.
 */
export interface RandomFaultSpec {
  seed: number;
  /** Chance in [0, 1] that one call fails. */
  rate: number;
  /** The faults to pick from, each equally likely. */
  faults: Omit<FaultSpec, 'target' | 'times'>[];
  /** Which targets may fail; default every one. */
  targets?: (target: string) => boolean;
}

export interface InjectedFault extends Fault {
  target: string;
}

export class FaultController {
  private readonly pending = new Map<string, FaultSpec[]>();
  private random?: RandomFaultSpec;
  private readonly streams = new Map<string, () => number>();
  /** Every fault answered since the last `clear()`, in order. */
  readonly injected: InjectedFault[] = [];

  /** Fail calls at random from now on (pending `inject` faults still come first). */
  randomly(spec: RandomFaultSpec): void {
    this.random = spec;
    this.streams.clear();
  }

  inject(spec: FaultSpec): void {
    const list = this.pending.get(spec.target) ?? [];
    list.push({ times: 1, ...spec });
    this.pending.set(spec.target, list);
  }

  clear(): void {
    this.pending.clear();
    this.random = undefined;
    this.streams.clear();
    this.injected.length = 0;
  }

  /** The fault for this call of `target`, if one is pending; counts it down. */
  take(target: string): Fault | undefined {
    const list = this.pending.get(target);
    let spec: Omit<FaultSpec, 'target'> | undefined = list?.[0];
    if (spec) {
      spec.times = (spec.times ?? 1) - 1;
      if (spec.times <= 0) list!.shift();
    } else {
      spec = this.randomFault(target);
      if (!spec) return undefined;
    }
    const fault = {
      status: spec.status,
      retryAfterSeconds:
        spec.status === 429 ? spec.retryAfterSeconds ?? 1 : undefined,
      delayMs: spec.delayMs,
    };
    this.injected.push({ target, ...fault });
    return fault;
  }

  private randomFault(target: string) {
    const random = this.random;
    if (!random?.faults.length || !(random.targets?.(target) ?? true))
      return undefined;
    let next = this.streams.get(target);
    if (!next) {
      next = mulberry32(hash(`${random.seed}:${target}`));
      this.streams.set(target, next);
    }
    if (next() >= random.rate) return undefined;
    return random.faults[Math.floor(next() * random.faults.length)];
  }
}

/** A small seeded generator of numbers in [0, 1) (Mulberry32), for reproducible fault runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, as a 32-bit seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
