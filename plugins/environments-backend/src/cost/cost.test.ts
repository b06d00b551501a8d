import { EnvironmentRecord } from '../database/EnvironmentStore';
import {
  costSoFar,
  hourlyCost,
  monthWindow,
  monthlyReport,
  projectedCost,
} from './cost';

const at = (iso: string) => new Date(iso);

function env(overrides: Partial<EnvironmentRecord>): EnvironmentRecord {
  return {
    id: overrides.name ?? 'x',
    name: 'x',
    type: 'staging',
    ownerTeam: 'group:default/payments',
    requestedBy: 'user:default/jane',
    services: [],
    urls: {},
    state: 'active',
    createdAt: at('2026-11-01T00:00:00Z'),
    expiresAt: at('2026-11-08T00:00:00Z'),
    lastActivityAt: at('2026-11-01T00:00:00Z'),
    // 4 cores x 0.04 + 8 GiB x 0.005 = 0.20 an hour
    quota: { cpuCores: 4, memoryGiB: 8 },
    rates: { cpuHour: 0.04, memoryGiBHour: 0.005 },
    readyWhenHealthy: false,
    ...overrides,
  };
}

describe('cost', () => {
  it('is quota times hours times rates', () => {
    const e = env({});
    expect(hourlyCost(e)).toBeCloseTo(0.2);
    expect(costSoFar(e, at('2026-11-02T00:00:00Z'))).toBeCloseTo(24 * 0.2);
    expect(projectedCost(e, at('2026-11-02T00:00:00Z'))).toBeCloseTo(
      7 * 24 * 0.2,
    );
  });

  it('stops counting at teardown', () => {
    const e = env({
      state: 'destroyed',
      tornDownAt: at('2026-11-03T00:00:00Z'),
    });
    const later = at('2026-11-20T00:00:00Z');
    expect(costSoFar(e, later)).toBeCloseTo(48 * 0.2);
    expect(projectedCost(e, later)).toBeCloseTo(48 * 0.2);
  });

  it('projects to now when the expiry has passed but the teardown has not happened yet', () => {
    const e = env({ state: 'tearing-down' });
    const now = at('2026-11-09T00:00:00Z');
    expect(projectedCost(e, now)).toBeCloseTo(8 * 24 * 0.2);
  });

  it('projects a sandbox, which has no expiry, to the end of the current month, and avoids nothing', () => {
    const sandbox = env({
      type: 'sandbox',
      expiresAt: undefined,
      createdAt: at('2026-11-20T00:00:00Z'),
    });
    expect(projectedCost(sandbox, at('2026-11-25T12:00:00Z'))).toBeCloseTo(
      11 * 24 * 0.2,
    );
    // A month later it is December's bill that is projected.
    expect(projectedCost(sandbox, at('2026-12-02T00:00:00Z'))).toBeCloseTo(
      (11 + 31) * 24 * 0.2,
    );
    const gone = { ...sandbox, tornDownAt: at('2026-11-21T00:00:00Z') };
    expect(projectedCost(gone, at('2026-12-02T00:00:00Z'))).toBeCloseTo(
      24 * 0.2,
    );
    expect(
      monthlyReport({
        environments: [gone],
        month: '2026-11',
        now: at('2026-12-02T00:00:00Z'),
        currency: 'USD',
      }).teams[0],
    ).toMatchObject({ total: 4.8, avoided: 0 });
  });

  it("splits an environment's hours between the months it ran in", () => {
    const e = env({
      createdAt: at('2026-10-31T12:00:00Z'),
      expiresAt: at('2026-11-07T12:00:00Z'),
      tornDownAt: at('2026-11-01T12:00:00Z'),
      state: 'destroyed',
    });
    const now = at('2026-12-01T00:00:00Z');
    const october = monthlyReport({
      environments: [e],
      month: '2026-10',
      now,
      currency: 'USD',
    });
    const november = monthlyReport({
      environments: [e],
      month: '2026-11',
      now,
      currency: 'USD',
    });
    expect(october.teams).toEqual([
      {
        team: 'group:default/payments',
        total: 2.4,
        avoided: 0,
        environments: [{ name: 'x', type: 'staging', hours: 12, cost: 2.4 }],
      },
    ]);
    expect(november.teams[0].total).toBe(2.4);
  });

  it('totals per team, and reports an asked-for team with nothing', () => {
    const report = monthlyReport({
      environments: [
        env({ name: 'a', tornDownAt: at('2026-11-02T00:00:00Z') }),
        env({ name: 'b', tornDownAt: at('2026-11-01T10:00:00Z') }),
        env({
          name: 'c',
          ownerTeam: 'group:default/storefront',
          tornDownAt: at('2026-11-01T05:00:00Z'),
        }),
      ],
      month: '2026-11',
      now: at('2026-11-30T00:00:00Z'),
      currency: 'EUR',
    });
    expect(report).toMatchObject({
      month: '2026-11',
      currency: 'EUR',
      teams: [
        { team: 'group:default/payments', total: 6.8 },
        { team: 'group:default/storefront', total: 1 },
      ],
    });
    const none = monthlyReport({
      environments: [],
      month: '2026-11',
      now: at('2026-11-30T00:00:00Z'),
      currency: 'EUR',
      team: 'group:default/data',
    });
    expect(none.teams).toEqual([
      { team: 'group:default/data', total: 0, avoided: 0, environments: [] },
    ]);
  });

  it('counts what an early teardown saved, in the month of the teardown', () => {
    // 0.20 an hour, expiring 2026-11-08: idle teardown on the 3rd saves 5 days, 24.00.
    const idle = env({
      name: 'idle',
      state: 'destroyed',
      tornDownAt: at('2026-11-03T00:00:00Z'),
    });
    const expired = env({
      name: 'expired',
      state: 'destroyed',
      tornDownAt: at('2026-11-08T00:00:00Z'),
    });
    const running = env({
      name: 'running',
      expiresAt: at('2026-11-20T00:00:00Z'),
    });
    const report = (month: string) =>
      monthlyReport({
        environments: [idle, expired, running],
        month,
        now: at('2026-11-10T00:00:00Z'),
        currency: 'EUR',
      });
    const [payments] = report('2026-11').teams;
    expect(payments.avoided).toBe(24);
    expect(payments.environments).toEqual([
      { name: 'idle', type: 'staging', hours: 48, cost: 9.6, avoided: 24 },
      { name: 'expired', type: 'staging', hours: 168, cost: 33.6 },
      { name: 'running', type: 'staging', hours: 216, cost: 43.2 },
    ]);
    expect(report('2026-12').teams).toEqual([]);
  });

  it('refuses a month that is not YYYY-MM, naming the field', () => {
    expect(() => monthWindow('2026-13')).toThrow(/^month must be/);
    expect(() => monthWindow('Nov 2026')).toThrow(/^month must be/);
    expect(monthWindow('2026-12')).toEqual({
      from: at('2026-12-01T00:00:00Z'),
      to: at('2027-01-01T00:00:00Z'),
    });
  });
});
