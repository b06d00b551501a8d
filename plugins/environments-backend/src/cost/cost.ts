/**
 * Cost showback: an environment costs its quota (CPU cores, memory GiB) times the hours it runs
 * times the hourly rates fixed on it when it was created. It runs from creation until it is torn
 * down (while tearing down it still holds its resources).
 */
import { InputError } from '@backstage/errors';
import { MonthlyCostReport } from '@runway/plugin-environments-common';
import { EnvironmentRecord } from '../database/EnvironmentStore';

const HOUR_MS = 3_600_000;

type Costed = Pick<
  EnvironmentRecord,
  'createdAt' | 'expiresAt' | 'tornDownAt' | 'quota' | 'rates'
>;

export const hourlyCost = (env: Costed) =>
  env.quota.cpuCores * env.rates.cpuHour +
  env.quota.memoryGiB * env.rates.memoryGiBHour;

/** Hours of [from, to) that the environment ran, given the time is `now`. */
export function runningHours(env: Costed, from: Date, to: Date, now: Date) {
  const start = Math.max(env.createdAt.getTime(), from.getTime());
  const end = Math.min((env.tornDownAt ?? now).getTime(), to.getTime());
  return Math.max(0, end - start) / HOUR_MS;
}

export function costSoFar(env: Costed, now: Date): number {
  return hourlyCost(env) * runningHours(env, env.createdAt, now, now);
}

/**
 * Cost by the time it is torn down: at its current expiry (or now, if that has passed). One
 * without an expiry (a sandbox) runs on: its cost by the end of the current month (UTC), what
 * this month's bill will show.
 */
export function projectedCost(env: Costed, now: Date): number {
  const end = env.tornDownAt ?? projectedEnd(env.expiresAt, now);
  return hourlyCost(env) * runningHours(env, env.createdAt, end, end);
}

function projectedEnd(expiresAt: Date | undefined, now: Date): Date {
  if (!expiresAt) {
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  }
  return expiresAt > now ? expiresAt : now;
}

/**
 * What an environment torn down before its expiry in [from, to) would have cost from its teardown
 * until that expiry; 0 for one that ran to its expiry, or is still running.
 */
export function avoidedCost(env: Costed, from: Date, to: Date): number {
  const { tornDownAt, expiresAt } = env;
  // Without an expiry (a sandbox) nothing was cut short.
  if (!tornDownAt || !expiresAt || tornDownAt < from || tornDownAt >= to)
    return 0;
  const hours =
    Math.max(0, expiresAt.getTime() - tornDownAt.getTime()) / HOUR_MS;
  return hourlyCost(env) * hours;
}

export const roundMoney = (value: number) => Math.round(value * 100) / 100;

/** [first instant, first instant of the next month) of a `YYYY-MM` month in UTC. */
export function monthWindow(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) {
    throw new InputError(
      `month must be a calendar month written YYYY-MM, e.g. 2026-11 (got ${JSON.stringify(
        month,
      )}).`,
    );
  }
  const [year, monthIndex] = [Number(match[1]), Number(match[2]) - 1];
  return {
    from: new Date(Date.UTC(year, monthIndex, 1)),
    to: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}

export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** Each team's cost over `month`, from the environments that ran in it. */
export function monthlyReport(options: {
  environments: EnvironmentRecord[];
  month: string;
  now: Date;
  currency: string;
  /** A team to report even when none of its environments ran that month. */
  team?: string;
}): MonthlyCostReport {
  const { from, to } = monthWindow(options.month);
  const teams = new Map<string, MonthlyCostReport['teams'][number]>();
  if (options.team) {
    teams.set(options.team, {
      team: options.team,
      total: 0,
      avoided: 0,
      environments: [],
    });
  }
  for (const env of options.environments) {
    const hours = runningHours(env, from, to, options.now);
    if (hours === 0) continue;
    const entry = teams.get(env.ownerTeam) ?? {
      team: env.ownerTeam,
      total: 0,
      avoided: 0,
      environments: [],
    };
    const cost = hourlyCost(env) * hours;
    const avoided = avoidedCost(env, from, to);
    entry.environments.push({
      name: env.name,
      type: env.type,
      hours: Math.round(hours * 100) / 100,
      cost: roundMoney(cost),
      ...(avoided > 0 && { avoided: roundMoney(avoided) }),
    });
    entry.total += cost;
    entry.avoided += avoided;
    teams.set(env.ownerTeam, entry);
  }
  return {
    month: options.month,
    currency: options.currency,
    teams: [...teams.values()]
      .map(t => ({
        ...t,
        total: roundMoney(t.total),
        avoided: roundMoney(t.avoided),
      }))
      .sort((a, b) => a.team.localeCompare(b.team)),
  };
}
