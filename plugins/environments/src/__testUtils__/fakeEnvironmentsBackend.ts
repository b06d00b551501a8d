import { http, HttpResponse } from 'msw';
import {
  DEFAULT_LIFETIME_RULES,
  EnvironmentView,
  MonthlyCostReport,
  extendedExpiry,
} from '@runway/plugin-environments-common';

/** Where the client reaches the backend with `mockApis.discovery()`. */
export const BASE_URL = 'http://example.com/api/environments';
export const ME = 'user:default/ada';
export const MY_TEAM = 'group:default/payments';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/** An active environment of mine, created two days ago, expiring in three days. */
export function anEnvironment(
  name: string,
  overrides: Partial<EnvironmentView> = {},
): EnvironmentView {
  const now = Date.now();
  const createdAt = now - 2 * DAY;
  return {
    name,
    type: 'feature',
    ownerTeam: MY_TEAM,
    requestedBy: ME,
    services: [
      {
        entityRef: 'component:default/checkout-api',
        branch: 'feature/pay-later',
      },
    ],
    state: 'active',
    createdAt: iso(createdAt),
    expiresAt: iso(now + 3 * DAY),
    lastActivityAt: iso(now - HOUR),
    urls: { 'checkout-api': `https://checkout-api.${name}.env.acme.test` },
    quota: { cpuCores: 2, memoryGiB: 4 },
    rates: { cpuHour: 0.05, memoryGiBHour: 0.01 },
    currency: 'EUR',
    costSoFar: 12.34,
    projectedCost: 30.5,
    maxExpiresAt: iso(createdAt + 30 * DAY),
    ...overrides,
  };
}

/** My sandbox: no services, no expiry, mine rather than my team's. */
export function aSandbox(name: string): EnvironmentView {
  const { expiresAt, maxExpiresAt, ...env } = anEnvironment(name, {
    type: 'sandbox',
    ownerUser: ME,
    services: [],
    urls: {},
    quota: { cpuCores: 1, memoryGiB: 2 },
  });
  return env;
}

/** The error body Backstage's error handler sends. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

/**
 * An in-memory environments backend at the network edge, answering as the real router does
 * (filters, the lifetime cap, 409 at the maximum, 202 for a teardown left to the background).
 */
export class FakeEnvironmentsBackend {
  readonly requests: RecordedRequest[] = [];
  /** DELETE answers 202 and leaves the environment tearing down. */
  teardownInBackground = false;

  constructor(
    public environments: EnvironmentView[],
    private readonly baseUrl: string = BASE_URL,
  ) {}

  requestsTo(method: string, path: string) {
    return this.requests.filter(r => r.method === method && r.path === path);
  }

  handlers() {
    return [
      http.get(`${this.baseUrl}/environments`, async ({ request }) => {
        const query = await this.record(request);
        const items = this.environments.filter(
          env =>
            env.state !== 'destroyed' &&
            (query.filter !== 'mine' ||
              env.requestedBy === ME ||
              env.ownerUser === ME) &&
            (query.filter !== 'team' || env.ownerTeam === MY_TEAM) &&
            (!query.entityRef ||
              env.services.some(s => s.entityRef === query.entityRef)),
        );
        return HttpResponse.json({ items });
      }),
      http.get(`${this.baseUrl}/cost`, async ({ request }) => {
        await this.record(request);
        return HttpResponse.json(this.monthlyCost());
      }),
      http.get(
        `${this.baseUrl}/environments/:name`,
        async ({ request, params }) =>
          this.withEnvironment(request, params.name, env =>
            HttpResponse.json({ ...env, events: [] }),
          ),
      ),
      http.post(
        `${this.baseUrl}/environments/:name/extend`,
        async ({ request, params }) =>
          this.withEnvironment(request, params.name, (env, body) => {
            const { days } = body as { days: number };
            if (!env.expiresAt || !env.maxExpiresAt) {
              return errorResponse(
                409,
                'ConflictError',
                `Environment ${env.name} is a sandbox: it has no expiry, so there is nothing to extend.`,
              );
            }
            const next = extendedExpiry(
              {
                createdAt: new Date(env.createdAt),
                expiresAt: new Date(env.expiresAt),
              },
              days,
              new Date(),
              {
                ...DEFAULT_LIFETIME_RULES,
                maxLifetimeDays:
                  (Date.parse(env.maxExpiresAt) - Date.parse(env.createdAt)) /
                  DAY,
              },
            );
            if (next.expiresAt.getTime() <= Date.parse(env.expiresAt)) {
              return errorResponse(
                409,
                'ConflictError',
                `Environment ${env.name} already expires at its maximum lifetime.`,
              );
            }
            env.expiresAt = next.expiresAt.toISOString();
            env.state = 'active';
            return HttpResponse.json({ environment: env, capped: next.capped });
          }),
      ),
      http.post(
        `${this.baseUrl}/environments/:name/activity`,
        async ({ request, params }) =>
          this.withEnvironment(request, params.name, env => {
            env.lastActivityAt = new Date().toISOString();
            return HttpResponse.json({ environment: env });
          }),
      ),
      http.delete(
        `${this.baseUrl}/environments/:name`,
        async ({ request, params }) =>
          this.withEnvironment(request, params.name, env => {
            env.state = this.teardownInBackground
              ? 'tearing-down'
              : 'destroyed';
            return HttpResponse.json(
              { environment: env },
              { status: this.teardownInBackground ? 202 : 200 },
            );
          }),
      ),
    ];
  }

  /** This month's cost per team, as GET /cost answers: each environment's cost so far, 48 h each. */
  private monthlyCost(): MonthlyCostReport {
    const teams = new Map<string, MonthlyCostReport['teams'][number]>();
    for (const env of this.environments) {
      const team = teams.get(env.ownerTeam) ?? {
        team: env.ownerTeam,
        total: 0,
        avoided: 0,
        environments: [],
      };
      team.total += env.costSoFar;
      // Destroyed before its expiry: the projected rest was saved.
      if (env.state === 'destroyed') {
        team.avoided += env.projectedCost - env.costSoFar;
      }
      team.environments.push({
        name: env.name,
        type: env.type,
        hours: 48,
        cost: env.costSoFar,
      });
      teams.set(env.ownerTeam, team);
    }
    return {
      month: new Date().toISOString().slice(0, 7),
      currency: 'EUR',
      teams: [...teams.values()],
    };
  }

  private async withEnvironment(
    request: Request,
    name: unknown,
    respond: (env: EnvironmentView, body: unknown) => Response,
  ) {
    await this.record(request);
    const env = this.environments.find(e => e.name === name);
    if (!env) {
      return errorResponse(
        404,
        'NotFoundError',
        `There is no environment named ${name}; GET /environments lists them.`,
      );
    }
    return respond(env, this.requests[this.requests.length - 1].body);
  }

  private async record(request: Request) {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({
      method: request.method,
      path: url.pathname.replace(/^\/api\/environments/, ''),
      query,
      body: text ? JSON.parse(text) : undefined,
    });
    return query;
  }
}
