import {
  EnvironmentView,
  LifetimeRules,
  maxExpiry,
} from '@runway/plugin-environments-common';
import { costSoFar, projectedCost, roundMoney } from '../cost/cost';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/**
 * What the API sends for an environment: its record, with dates as ISO strings, and its cost. A
 * sandbox has no `expiresAt` and no `maxExpiresAt`.
 */
export function toView(
  env: EnvironmentRecord,
  now: Date,
  options: { lifetime: LifetimeRules; currency: string },
): EnvironmentView {
  return {
    name: env.name,
    type: env.type,
    ownerTeam: env.ownerTeam,
    ...(env.ownerUser && { ownerUser: env.ownerUser }),
    requestedBy: env.requestedBy,
    services: env.services,
    state: env.state,
    createdAt: env.createdAt.toISOString(),
    expiresAt: env.expiresAt?.toISOString(),
    lastActivityAt: env.lastActivityAt.toISOString(),
    warnedAt: env.warnedAt?.toISOString(),
    tornDownAt: env.tornDownAt?.toISOString(),
    ...(env.failureReason && { failureReason: env.failureReason }),
    ...(env.pullRequestUrl && { pullRequestUrl: env.pullRequestUrl }),
    urls: env.urls,
    quota: env.quota,
    rates: env.rates,
    currency: options.currency,
    costSoFar: roundMoney(costSoFar(env, now)),
    projectedCost: roundMoney(projectedCost(env, now)),
    maxExpiresAt: env.expiresAt
      ? maxExpiry(env.createdAt, options.lifetime).toISOString()
      : undefined,
  };
}
