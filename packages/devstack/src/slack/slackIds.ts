import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The letter Slack puts first in an ID: user, bot, app, channel, DM, usergroup, team. */
export type SlackIdPrefix = 'U' | 'B' | 'A' | 'C' | 'D' | 'S' | 'T';

/**
 * A Slack-looking ID (`U0` + 8 characters of [0-9A-Z]) derived from a seed, so the same org
 * always gets the same IDs: fixtures, screenshots and bookmarks stay valid across restarts.
 */
export function slackId(prefix: SlackIdPrefix, seed: string): string {
  const digest = createHash('sha256').update(`${prefix}:${seed}`).digest();
  let id = `${prefix}0`;
  for (let i = 0; i < 8; i++) {
    id += ALPHABET[digest[i] % ALPHABET.length];
  }
  return id;
}

/**
 * Message timestamps in Slack's `seconds.micros` form. Each call returns a larger value: Slack uses
 * ts as the message ID, so two messages must never share one. Deterministic, starting at
 * `1700000000.000100`, so tests and fixtures can rely on the values.
 */
export class TsClock {
  private micros = 1_700_000_000_000_000n;

  next(): string {
    this.micros += 100n;
    const seconds = this.micros / 1_000_000n;
    const fraction = (this.micros % 1_000_000n).toString().padStart(6, '0');
    return `${seconds}.${fraction}`;
  }

  /** Whole seconds of the latest ts, for `created` / `date_update` style fields. */
  nowSeconds(): number {
    return Number(this.micros / 1_000_000n);
  }
}
