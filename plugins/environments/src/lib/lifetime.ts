import {
  DEFAULT_LIFETIME_RULES,
  EnvironmentView,
  LIVE_ENVIRONMENT_STATES,
  extendedExpiry,
} from '@runway/plugin-environments-common';

const DAY_MS = 86_400_000;

/** Environments that still hold resources: the only ones that can be extended, kept alive or destroyed. */
export const isLive = (env: Pick<EnvironmentView, 'state'>) =>
  LIVE_ENVIRONMENT_STATES.includes(env.state);

/** An environment with an expiry: every type but a sandbox, which stays until its engineer leaves. */
export type ExpiringEnvironment<
  T extends Partial<Pick<EnvironmentView, 'expiresAt' | 'maxExpiresAt'>>,
> = T & { expiresAt: string; maxExpiresAt: string };

/** Whether `env` expires (and can be extended); false for a sandbox. */
export function expires<
  T extends Partial<Pick<EnvironmentView, 'expiresAt' | 'maxExpiresAt'>>,
>(env: T): env is ExpiringEnvironment<T> {
  return env.expiresAt !== undefined && env.maxExpiresAt !== undefined;
}

/** What the page says where an expiry would be, for a sandbox. */
export const NO_EXPIRY = 'no expiry';

/** The maximum lifetime the backend applies, read back from the environment (it is configurable). */
export function maxLifetimeDays(
  env: Pick<EnvironmentView, 'createdAt'> & { maxExpiresAt: string },
): number {
  return (Date.parse(env.maxExpiresAt) - Date.parse(env.createdAt)) / DAY_MS;
}

export interface ExtensionPreview {
  expiresAt: Date;
  /** The maximum lifetime cuts the extension short. */
  capped: boolean;
  /** False when it would gain nothing: the backend refuses that with a 409. */
  possible: boolean;
}

/** What extending `env` by `days` at `now` would do, by the backend's own rule. */
export function previewExtension(
  env: Pick<EnvironmentView, 'createdAt'> & {
    expiresAt: string;
    maxExpiresAt: string;
  },
  days: number,
  now: Date,
): ExtensionPreview {
  const current = new Date(env.expiresAt);
  const next = extendedExpiry(
    { createdAt: new Date(env.createdAt), expiresAt: current },
    days,
    now,
    { ...DEFAULT_LIFETIME_RULES, maxLifetimeDays: maxLifetimeDays(env) },
  );
  return { ...next, possible: next.expiresAt > current };
}

export interface TimeLeft {
  label: string;
  /** Less than a day left (or already past): worth someone's attention. */
  urgent: boolean;
}

/** How long `env` has left at `now`, as the countdown shows it. */
export function timeLeft(
  env: Pick<EnvironmentView, 'state' | 'expiresAt'>,
  now: Date,
): TimeLeft {
  if (env.state === 'destroyed') return { label: 'destroyed', urgent: false };
  if (env.state === 'tearing-down') {
    return { label: 'tearing down', urgent: false };
  }
  if (env.expiresAt === undefined) return { label: NO_EXPIRY, urgent: false };
  const ms = Date.parse(env.expiresAt) - now.getTime();
  if (ms <= 0) return { label: 'expired', urgent: true };
  return { label: formatDuration(ms), urgent: ms < DAY_MS };
}

/** `6d 23h 59m`, and seconds once less than a day is left, so the countdown visibly moves. */
export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m ${seconds}s`;
  return `${minutes}m ${seconds}s`;
}
