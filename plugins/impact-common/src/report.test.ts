import fs from 'node:fs';
import path from 'node:path';
import {
  FIGURES,
  computeImpact,
  endOfWeek,
  ImpactReport,
  median,
  startOfWeek,
  weekOf,
} from './report';
import { ImpactRecords, RunRecord } from './records';

/*
 * A fixture history of two weeks (Monday 2 to Monday 16 November 2026) with records on either
 * side of it. Every expected figure below was computed by hand from the lines it names.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const NEW_SERVICE = 'template:default/new-service';
const ENVIRONMENT = 'template:default/ephemeral-environment';
const ONBOARDING = 'template:default/engineer-onboarding';

const run = (
  taskId: string,
  template: string,
  team: string,
  createdBy: string | undefined,
  createdAt: string,
  finishedAt: string | undefined,
  status = 'completed',
): RunRecord => ({
  taskId,
  template,
  team,
  createdBy,
  createdAt,
  finishedAt,
  status,
});

const history: ImpactRecords = {
  currency: 'EUR',
  runs: [
    // new service: 8, 12 and 15 minutes; one failed; one still running; one before the period
    run(
      'r1',
      NEW_SERVICE,
      PAYMENTS,
      'user:default/ada',
      '2026-11-02T10:00:00Z',
      '2026-11-02T10:08:00Z',
    ),
    run(
      'r2',
      NEW_SERVICE,
      PAYMENTS,
      'user:default/bob',
      '2026-11-03T09:00:00Z',
      '2026-11-03T09:12:00Z',
    ),
    run(
      'r3',
      NEW_SERVICE,
      SEARCH,
      'user:default/cy',
      '2026-11-09T09:00:00Z',
      '2026-11-09T09:15:00Z',
    ),
    run(
      'r4',
      NEW_SERVICE,
      PAYMENTS,
      'user:default/ada',
      '2026-11-10T09:00:00Z',
      '2026-11-10T09:01:00Z',
      'failed',
    ),
    run(
      'r8',
      NEW_SERVICE,
      PAYMENTS,
      'user:default/ada',
      '2026-10-30T09:00:00Z',
      '2026-10-30T09:05:00Z',
    ),
    run(
      'r9',
      NEW_SERVICE,
      SEARCH,
      'user:default/cy',
      '2026-11-12T09:00:00Z',
      undefined,
      'processing',
    ),
    // environments: 20 and 16 minutes
    run(
      'r5',
      ENVIRONMENT,
      PAYMENTS,
      'user:default/bob',
      '2026-11-04T12:00:00Z',
      '2026-11-04T12:20:00Z',
    ),
    run(
      'r6',
      ENVIRONMENT,
      SEARCH,
      'user:default/cy',
      '2026-11-11T12:00:00Z',
      '2026-11-11T12:16:00Z',
    ),
    // onboarding, started by the onboarding plugin (no person pressed Create): 1 h
    run(
      'r7',
      ONBOARDING,
      PAYMENTS,
      undefined,
      '2026-11-05T08:30:00Z',
      '2026-11-05T09:30:00Z',
    ),
  ],
  provisioning: [
    // applied 4 h, 24 h and 2 h after Submit; p4's run is before the period
    {
      taskId: 'r1',
      team: PAYMENTS,
      createdAt: '2026-11-02T10:07:00Z',
      appliedAt: '2026-11-02T14:00:00Z',
    },
    {
      taskId: 'r2',
      team: PAYMENTS,
      createdAt: '2026-11-03T09:11:00Z',
      appliedAt: '2026-11-04T09:00:00Z',
    },
    {
      taskId: 'r3',
      team: SEARCH,
      createdAt: '2026-11-09T09:14:00Z',
      appliedAt: '2026-11-09T11:00:00Z',
    },
    {
      taskId: 'r8',
      team: PAYMENTS,
      createdAt: '2026-10-30T09:04:00Z',
      appliedAt: '2026-10-30T10:00:00Z',
    },
  ],
  environments: [
    // 72 h early at 0.5/h = 36
    {
      name: 'e1',
      team: PAYMENTS,
      type: 'preview',
      createdAt: '2026-11-02T00:00:00Z',
      expiresAt: '2026-11-09T00:00:00Z',
      tornDownAt: '2026-11-06T00:00:00Z',
      hourlyRate: 0.5,
    },
    // 192 h early at 0.25/h = 48
    {
      name: 'e2',
      team: SEARCH,
      type: 'feature',
      createdAt: '2026-11-05T00:00:00Z',
      expiresAt: '2026-11-20T00:00:00Z',
      tornDownAt: '2026-11-12T00:00:00Z',
      hourlyRate: 0.25,
    },
    // expired at its end: not early
    {
      name: 'e3',
      team: PAYMENTS,
      type: 'preview',
      createdAt: '2026-11-02T00:00:00Z',
      expiresAt: '2026-11-09T00:00:00Z',
      tornDownAt: '2026-11-09T00:00:00Z',
      hourlyRate: 0.5,
    },
    // a sandbox has no lifetime to end early
    {
      name: 'sandbox-ada',
      team: PAYMENTS,
      type: 'sandbox',
      createdAt: '2026-11-02T00:00:00Z',
      expiresAt: '2026-11-30T00:00:00Z',
      tornDownAt: '2026-11-03T00:00:00Z',
      hourlyRate: 1,
    },
    // still running
    {
      name: 'e5',
      team: PAYMENTS,
      type: 'preview',
      createdAt: '2026-11-10T00:00:00Z',
      expiresAt: '2026-11-17T00:00:00Z',
      hourlyRate: 0.5,
    },
  ],
  hires: [
    // access in 1.5 h (the run ended 09:30), first staging deploy after 48 h
    {
      team: PAYMENTS,
      hrEventAt: '2026-11-05T08:00:00Z',
      taskId: 'r7',
      firstStagingDeployAt: '2026-11-07T08:00:00Z',
    },
    // first staging deploy after 36 h
    {
      team: SEARCH,
      hrEventAt: '2026-11-10T08:00:00Z',
      firstStagingDeployAt: '2026-11-11T20:00:00Z',
    },
    // before the period
    {
      team: SEARCH,
      hrEventAt: '2026-10-01T08:00:00Z',
      firstStagingDeployAt: '2026-10-02T08:00:00Z',
    },
  ],
  deployments: [
    {
      repository: 'acme/checkout',
      environment: 'staging',
      at: '2026-11-03T10:00:00Z',
      team: PAYMENTS,
    },
    {
      repository: 'acme/checkout',
      environment: 'production',
      at: '2026-11-04T10:00:00Z',
      team: PAYMENTS,
    },
    {
      repository: 'acme/search',
      environment: 'staging',
      at: '2026-11-10T10:00:00Z',
      team: SEARCH,
    },
    {
      repository: 'acme/orphan',
      environment: 'staging',
      at: '2026-11-11T10:00:00Z',
    },
    {
      repository: 'acme/checkout',
      environment: 'staging',
      at: '2026-11-20T10:00:00Z',
      team: PAYMENTS,
    },
  ],
  people: [
    { ref: 'user:default/ada', teams: [PAYMENTS] },
    { ref: 'user:default/bob', teams: [PAYMENTS] },
    { ref: 'user:default/cy', teams: [SEARCH] },
    { ref: 'user:default/dee', teams: [SEARCH] },
  ],
};

const period = {
  from: new Date('2026-11-02T00:00:00Z'),
  to: new Date('2026-11-16T00:00:00Z'),
};

const figure = (report: ImpactReport, id: string) => {
  const found = report.figures.find(f => f.id === id);
  if (!found) throw new Error(`no figure ${id}`);
  return { value: found.value, sample: found.sample };
};

describe('computeImpact on the fixture history', () => {
  it('computes every figure for all teams as worked out by hand', () => {
    const report = computeImpact(history, period);
    expect(figure(report, 'newServiceTask')).toEqual({
      value: 12 * MIN,
      sample: 3,
    });
    expect(figure(report, 'newServiceApplied')).toEqual({
      value: 4 * HOUR,
      sample: 3,
    });
    expect(figure(report, 'environmentTask')).toEqual({
      value: 18 * MIN,
      sample: 2,
    });
    expect(figure(report, 'onboardingAccess')).toEqual({
      value: 1.5 * HOUR,
      sample: 1,
    });
    expect(figure(report, 'hireFirstStagingDeploy')).toEqual({
      value: 42 * HOUR,
      sample: 2,
    });
    // r1–r7 and r9: 8 runs in 2 weeks
    expect(figure(report, 'runsPerWeek')).toEqual({ value: 4, sample: 8 });
    // 6 completed of 7 ended (r9 is still running)
    expect(figure(report, 'successRate').value).toBeCloseTo((100 * 6) / 7, 10);
    expect(figure(report, 'successRate').sample).toBe(7);
    // ada, bob and cy of four people
    expect(figure(report, 'adoption')).toEqual({ value: 75, sample: 4 });
    expect(figure(report, 'environmentsTornDownEarly')).toEqual({
      value: 2,
      sample: 2,
    });
    expect(figure(report, 'costAvoided')).toEqual({ value: 84, sample: 2 });
    expect(figure(report, 'deploysPerWeek')).toEqual({ value: 2, sample: 4 });
    expect(report.currency).toBe('EUR');
  });

  it('counts only the chosen team', () => {
    const report = computeImpact(history, { ...period, team: PAYMENTS });
    expect(report.team).toBe(PAYMENTS);
    expect(figure(report, 'newServiceTask')).toEqual({
      value: 10 * MIN,
      sample: 2,
    });
    expect(figure(report, 'newServiceApplied')).toEqual({
      value: 14 * HOUR,
      sample: 2,
    });
    expect(figure(report, 'environmentTask')).toEqual({
      value: 20 * MIN,
      sample: 1,
    });
    expect(figure(report, 'hireFirstStagingDeploy')).toEqual({
      value: 48 * HOUR,
      sample: 1,
    });
    // r1, r2, r4, r5, r7
    expect(figure(report, 'runsPerWeek')).toEqual({ value: 2.5, sample: 5 });
    expect(figure(report, 'successRate')).toEqual({ value: 80, sample: 5 });
    expect(figure(report, 'adoption')).toEqual({ value: 100, sample: 2 });
    expect(figure(report, 'environmentsTornDownEarly')).toEqual({
      value: 1,
      sample: 1,
    });
    expect(figure(report, 'costAvoided')).toEqual({ value: 36, sample: 1 });
    expect(figure(report, 'deploysPerWeek')).toEqual({ value: 1, sample: 2 });
  });

  it('gives each template its runs, success rate and median, busiest first', () => {
    expect(computeImpact(history, period).templates).toEqual([
      {
        template: NEW_SERVICE,
        runs: 5,
        completed: 3,
        failed: 1,
        successRate: 75,
        medianMs: 12 * MIN,
        runsPerWeek: 2.5,
      },
      {
        template: ENVIRONMENT,
        runs: 2,
        completed: 2,
        failed: 0,
        successRate: 100,
        medianMs: 18 * MIN,
        runsPerWeek: 1,
      },
      {
        template: ONBOARDING,
        runs: 1,
        completed: 1,
        failed: 0,
        successRate: 100,
        medianMs: 60 * MIN,
        runsPerWeek: 0.5,
      },
    ]);
  });

  it('counts runs per template and deploys per team, week by week', () => {
    const report = computeImpact(history, period);
    expect(report.runsPerWeek).toEqual([
      { week: '2026-11-02', key: ONBOARDING, count: 1 },
      { week: '2026-11-02', key: ENVIRONMENT, count: 1 },
      { week: '2026-11-02', key: NEW_SERVICE, count: 2 },
      { week: '2026-11-09', key: ENVIRONMENT, count: 1 },
      { week: '2026-11-09', key: NEW_SERVICE, count: 3 },
    ]);
    expect(report.deploysPerWeek).toEqual([
      { week: '2026-11-02', key: PAYMENTS, count: 2 },
      { week: '2026-11-09', key: SEARCH, count: 1 },
      { week: '2026-11-09', key: 'unowned', count: 1 },
    ]);
  });

  it('says nothing was measured rather than a zero when there is nothing to measure', () => {
    const report = computeImpact(history, {
      from: new Date('2025-01-06T00:00:00Z'),
      to: new Date('2025-01-13T00:00:00Z'),
    });
    expect(figure(report, 'newServiceTask')).toEqual({
      value: undefined,
      sample: 0,
    });
    expect(figure(report, 'successRate')).toEqual({
      value: undefined,
      sample: 0,
    });
    expect(figure(report, 'runsPerWeek')).toEqual({ value: 0, sample: 0 });
    expect(report.templates).toEqual([]);
  });

  it('documents a formula for every figure', () => {
    for (const f of computeImpact(history, period).figures) {
      expect(f.formula.length).toBeGreaterThan(40);
      expect(f.label).not.toBe('');
    }
  });
});

describe('median and weekOf', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('names a week by its Monday in UTC', () => {
    expect(weekOf(new Date('2026-11-02T00:00:00Z'))).toBe('2026-11-02');
    expect(weekOf(new Date('2026-11-08T23:59:59Z'))).toBe('2026-11-02');
    expect(weekOf(new Date('2026-11-09T00:00:00Z'))).toBe('2026-11-09');
  });
});

describe('docs/impact.md', () => {
  it('gives every figure with the formula the page shows', () => {
    const docs = fs.readFileSync(
      path.resolve(__dirname, '../../../docs/impact.md'),
      'utf8',
    );
    // Prettier pads the table's columns: compare each row with its spaces collapsed.
    const rows = docs
      .split('\n')
      .map(line => line.replace(/\s*\|\s*/g, '|').trim());
    for (const f of Object.values(FIGURES)) {
      expect(rows).toContain(`|${f.label}|${f.formula}|`);
    }
  });
});

describe('startOfWeek and endOfWeek', () => {
  it('bound a week by the Mondays around it, in UTC', () => {
    const wednesday = new Date('2026-11-04T15:00:00Z');
    expect(startOfWeek(wednesday).toISOString()).toBe(
      '2026-11-02T00:00:00.000Z',
    );
    expect(endOfWeek(wednesday).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    const monday = new Date('2026-11-09T00:00:00Z');
    expect(startOfWeek(monday)).toEqual(monday);
    expect(endOfWeek(monday)).toEqual(monday);
  });
});
