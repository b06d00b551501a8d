import { dnsLabelProblem } from '@runway/platform-common';

/**
 * Lifetime rules, shared by the backend, the provisioning action and the page: an environment
 * lives `defaultLifetimeDays` unless asked otherwise, and no extension takes it past
 * `maxLifetimeDays` after its creation.
 */

export interface LifetimeRules {
  defaultLifetimeDays: number;
  maxLifetimeDays: number;
}

export const DEFAULT_LIFETIME_RULES: LifetimeRules = {
  defaultLifetimeDays: 7,
  maxLifetimeDays: 30,
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const addHours = (date: Date, hours: number) =>
  new Date(date.getTime() + hours * HOUR_MS);

export const addDays = (date: Date, days: number) =>
  new Date(date.getTime() + days * DAY_MS);

/** Why `days` is not an acceptable lifetime or extension, or undefined when it is. */
export function lifetimeDaysProblem(
  days: unknown,
  rules: LifetimeRules = DEFAULT_LIFETIME_RULES,
): string | undefined {
  if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < 1 ||
    days > rules.maxLifetimeDays
  ) {
    return `must be a whole number of days from 1 to ${
      rules.maxLifetimeDays
    } (got ${JSON.stringify(days)})`;
  }
  return undefined;
}

/** The latest moment an environment created at `createdAt` may live to. */
export function maxExpiry(
  createdAt: Date,
  rules: LifetimeRules = DEFAULT_LIFETIME_RULES,
): Date {
  return addDays(createdAt, rules.maxLifetimeDays);
}

/** Expiry of a new environment; an absent lifetime means the default. */
export function initialExpiry(
  createdAt: Date,
  lifetimeDays: number | undefined,
  rules: LifetimeRules = DEFAULT_LIFETIME_RULES,
): Date {
  const days = Math.min(
    lifetimeDays ?? rules.defaultLifetimeDays,
    rules.maxLifetimeDays,
  );
  return addDays(createdAt, days);
}

/**
 * Expiry after extending by `days`: counted from the current expiry (or from now, when that has
 * passed), capped at the maximum lifetime. `capped` says the cap cut the extension short.
 */
export function extendedExpiry(
  env: { createdAt: Date; expiresAt: Date },
  days: number,
  now: Date,
  rules: LifetimeRules = DEFAULT_LIFETIME_RULES,
): { expiresAt: Date; capped: boolean } {
  const from = env.expiresAt > now ? env.expiresAt : now;
  const wanted = addDays(from, days);
  const max = maxExpiry(env.createdAt, rules);
  return wanted > max
    ? { expiresAt: max, capped: true }
    : { expiresAt: wanted, capped: false };
}

/** The longest environment name: `env-<name>` names its namespace and its host names. */
export const ENVIRONMENT_NAME_MAX_LENGTH = 40;

/**
 * What is wrong with `name` as an environment's name (a DNS label of at most 40 characters) and
 * how to fix it, or undefined. Worded by `@runway/platform-common`'s `dnsLabelProblem`: a whole
 * sentence, which goes after the field's name (`name: <problem>`).
 */
export function environmentNameProblem(name: unknown): string | undefined {
  return dnsLabelProblem(name, ENVIRONMENT_NAME_MAX_LENGTH);
}

/**
 * What is wrong with `branch` as a branch git and Argo CD accept and that is safe in manifests,
 * or undefined. The rule lives in `@runway/platform-common`; this name stays for its users.
 */
export { branchNameProblem } from '@runway/platform-common';
