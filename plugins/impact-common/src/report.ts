/**
 * Runway's measured impact: the playbook's before/after table, computed from Runway's own records
 * for one period (`from` inclusive, `to` exclusive) and, optionally, one team. Each figure carries
 * its formula, the words the page and docs/impact.md show, so what is measured is never a guess.
 */
import { GOLDEN_PATH_TEMPLATES } from './goldenPaths';
import { ImpactRecords, RunRecord } from './records';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export type FigureUnit = 'duration' | 'count' | 'percent' | 'money' | 'perWeek';

export interface ImpactFigure {
  id: FigureId;
  label: string;
  /** Milliseconds for a duration, 0–100 for a percent; absent when nothing was measured. */
  value?: number;
  unit: FigureUnit;
  /** How many records the value comes from. */
  sample: number;
  formula: string;
}

export interface TemplateStats {
  template: string;
  runs: number;
  completed: number;
  failed: number;
  /** completed / (completed + failed), 0–100; absent when none has ended either way. */
  successRate?: number;
  /** Median time from Submit to the task's end, of completed runs. */
  medianMs?: number;
  runsPerWeek: number;
}

export interface WeeklyCount {
  /** The week's Monday, `YYYY-MM-DD` (UTC). */
  week: string;
  /** A template's or a team's entity ref. */
  key: string;
  count: number;
}

export interface ImpactReport {
  from: string;
  to: string;
  team?: string;
  currency: string;
  figures: ImpactFigure[];
  templates: TemplateStats[];
  runsPerWeek: WeeklyCount[];
  deploysPerWeek: WeeklyCount[];
}

export interface ImpactQuery {
  from: Date;
  to: Date;
  /** A Group entity ref; every team when absent. */
  team?: string;
}

export const FIGURES = {
  newServiceTask: {
    label: 'Time to a new service (the golden path run)',
    unit: 'duration',
    formula:
      'Median, over new-service runs created in the period that completed, of the time from Submit to the end of the run (repository, Terraform pull request, catalogue, Slack).',
  },
  newServiceApplied: {
    label: 'Time to a new service, until its Terraform is applied',
    unit: 'duration',
    formula:
      'Median, over new-service runs created in the period whose Terraform pull request Atlantis applied, of the time from Submit to the apply.',
  },
  environmentTask: {
    label: 'Time to an ephemeral environment',
    unit: 'duration',
    formula:
      'Median, over ephemeral-environment runs created in the period that completed, of the time from Submit to the end of the run.',
  },
  onboardingAccess: {
    label: 'HR event to a new engineer’s accounts, access and sandbox',
    unit: 'duration',
    formula:
      'Median, over onboardings whose HR event arrived in the period and whose onboarding run completed, of the time from the HR event to the end of the run.',
  },
  hireFirstStagingDeploy: {
    label: 'HR event to the new engineer’s first deploy to staging',
    unit: 'duration',
    formula:
      'Median, over onboardings whose HR event arrived in the period and that reached it, of the time from the HR event to the first successful staging deployment the engineer created.',
  },
  runsPerWeek: {
    label: 'Golden-path runs per week',
    unit: 'perWeek',
    formula:
      'Runs of any template created in the period, divided by the period’s length in weeks.',
  },
  successRate: {
    label: 'Runs that succeed',
    unit: 'percent',
    formula:
      'Completed runs ÷ (completed + failed runs), over runs created in the period; cancelled and unfinished runs are left out.',
  },
  adoption: {
    label: 'Engineers who used a golden path',
    unit: 'percent',
    formula:
      'People who started at least one run in the period ÷ the people in the catalogue (of the team, when one is chosen).',
  },
  environmentsTornDownEarly: {
    label: 'Environments torn down before their end',
    unit: 'count',
    formula:
      'Environments (not sandboxes) torn down in the period before the end of their lifetime: idle, or destroyed by hand.',
  },
  costAvoided: {
    label: 'Cost avoided by early teardown',
    unit: 'money',
    formula:
      'Sum, over those environments, of their hourly rate × the hours between teardown and the end of their lifetime.',
  },
  deploysPerWeek: {
    label: 'Deploys per week',
    unit: 'perWeek',
    formula:
      'Successful deployments GitHub reported in the period (any environment), divided by the period’s length in weeks; a deploy counts for the team that owns its repository’s Component.',
  },
} as const satisfies Record<
  string,
  { label: string; unit: FigureUnit; formula: string }
>;

export type FigureId = keyof typeof FIGURES;

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1970-01-01 was a Thursday: weeks are counted from Monday 1969-12-29 (UTC). */
const MONDAY = -3 * DAY;

/** The Monday, 00:00 UTC, that starts the week `at` falls in. */
export function startOfWeek(at: Date): Date {
  return new Date(Math.floor((at.getTime() - MONDAY) / WEEK) * WEEK + MONDAY);
}

/** The Monday, 00:00 UTC, that ends the week `at` falls in (`at` itself when it is one). */
export function endOfWeek(at: Date): Date {
  return new Date(Math.ceil((at.getTime() - MONDAY) / WEEK) * WEEK + MONDAY);
}

/** The Monday (UTC) of the week `at` falls in, `YYYY-MM-DD`. */
export function weekOf(at: Date): string {
  return startOfWeek(at).toISOString().slice(0, 10);
}

const time = (iso: string | undefined) =>
  iso === undefined ? undefined : new Date(iso).getTime();

const lower = (ref: string | undefined) => ref?.toLocaleLowerCase('en-US');

const ENDED = new Set(['completed', 'failed']);

export function computeImpact(
  records: ImpactRecords,
  query: ImpactQuery,
): ImpactReport {
  const from = query.from.getTime();
  const to = query.to.getTime();
  const team = lower(query.team);
  const weeks = Math.max(to - from, 0) / WEEK;
  const inPeriod = (iso: string | undefined) => {
    const t = time(iso);
    return t !== undefined && t >= from && t < to;
  };
  const ofTeam = (ref: string | undefined) => !team || lower(ref) === team;
  const perWeek = (n: number) => (weeks > 0 ? n / weeks : 0);

  const runs = records.runs.filter(
    r => inPeriod(r.createdAt) && ofTeam(r.team),
  );
  const runsById = new Map(records.runs.map(r => [r.taskId, r]));
  const durationOf = (r: RunRecord) =>
    r.status === 'completed' && r.finishedAt
      ? time(r.finishedAt)! - time(r.createdAt)!
      : undefined;
  const durations = (template: string) =>
    runs
      .filter(r => r.template === template)
      .map(durationOf)
      .filter((d): d is number => d !== undefined);

  const figures: ImpactFigure[] = [];
  const add = (id: FigureId, value: number | undefined, sample: number) =>
    figures.push({ id, ...FIGURES[id], value, sample });
  const addMedian = (id: FigureId, values: number[]) =>
    add(id, median(values), values.length);

  addMedian('newServiceTask', durations(GOLDEN_PATH_TEMPLATES.newService));

  const applied = records.provisioning.flatMap(p => {
    const run = runsById.get(p.taskId);
    if (!run || !p.appliedAt || !inPeriod(run.createdAt)) return [];
    if (!ofTeam(p.team)) return [];
    return [time(p.appliedAt)! - time(run.createdAt)!];
  });
  addMedian('newServiceApplied', applied);

  addMedian('environmentTask', durations(GOLDEN_PATH_TEMPLATES.environment));

  const hires = records.hires.filter(
    h => inPeriod(h.hrEventAt) && ofTeam(h.team),
  );
  addMedian(
    'onboardingAccess',
    hires.flatMap(h => {
      const run = h.taskId ? runsById.get(h.taskId) : undefined;
      return run?.status === 'completed' && run.finishedAt
        ? [time(run.finishedAt)! - time(h.hrEventAt)!]
        : [];
    }),
  );
  addMedian(
    'hireFirstStagingDeploy',
    hires.flatMap(h =>
      h.firstStagingDeployAt
        ? [time(h.firstStagingDeployAt)! - time(h.hrEventAt)!]
        : [],
    ),
  );

  add('runsPerWeek', perWeek(runs.length), runs.length);
  const ended = runs.filter(r => ENDED.has(r.status));
  const completed = ended.filter(r => r.status === 'completed').length;
  add(
    'successRate',
    ended.length ? (100 * completed) / ended.length : undefined,
    ended.length,
  );

  const people = records.people.filter(
    p => !team || p.teams.some(t => lower(t) === team),
  );
  const known = new Set(people.map(p => lower(p.ref)));
  const active = new Set(
    runs.map(r => lower(r.createdBy)).filter(ref => ref && known.has(ref)),
  );
  add(
    'adoption',
    people.length ? (100 * active.size) / people.length : undefined,
    people.length,
  );

  const early = records.environments.filter(
    e =>
      e.type !== 'sandbox' &&
      ofTeam(e.team) &&
      inPeriod(e.tornDownAt) &&
      e.expiresAt !== undefined &&
      time(e.tornDownAt)! < time(e.expiresAt)!,
  );
  add('environmentsTornDownEarly', early.length, early.length);
  const avoided = early.reduce(
    (sum, e) =>
      sum + (e.hourlyRate * (time(e.expiresAt)! - time(e.tornDownAt)!)) / HOUR,
    0,
  );
  add('costAvoided', Math.round(avoided * 100) / 100, early.length);

  const deployments = records.deployments.filter(
    d => inPeriod(d.at) && ofTeam(d.team),
  );
  add('deploysPerWeek', perWeek(deployments.length), deployments.length);

  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    ...(query.team && { team: query.team }),
    currency: records.currency,
    figures,
    templates: templateStats(runs, perWeek),
    runsPerWeek: weekly(runs.map(r => [r.createdAt, r.template])),
    deploysPerWeek: weekly(deployments.map(d => [d.at, d.team ?? 'unowned'])),
  };
}

function templateStats(
  runs: RunRecord[],
  perWeek: (n: number) => number,
): TemplateStats[] {
  const byTemplate = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const list = byTemplate.get(run.template);
    if (list) list.push(run);
    else byTemplate.set(run.template, [run]);
  }
  return [...byTemplate.entries()]
    .map(([template, list]) => {
      const completed = list.filter(r => r.status === 'completed');
      const failed = list.filter(r => r.status === 'failed').length;
      const ended = completed.length + failed;
      return {
        template,
        runs: list.length,
        completed: completed.length,
        failed,
        successRate: ended ? (100 * completed.length) / ended : undefined,
        medianMs: median(
          completed.flatMap(r =>
            r.finishedAt ? [time(r.finishedAt)! - time(r.createdAt)!] : [],
          ),
        ),
        runsPerWeek: perWeek(list.length),
      };
    })
    .sort((a, b) => b.runs - a.runs || a.template.localeCompare(b.template));
}

/** Counts per (week, key), in week then key order. */
function weekly(items: [string, string][]): WeeklyCount[] {
  const counts = new Map<string, WeeklyCount>();
  for (const [at, key] of items) {
    const week = weekOf(new Date(at));
    const id = `${week} ${key}`;
    const entry = counts.get(id) ?? { week, key, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].sort(
    (a, b) => a.week.localeCompare(b.week) || a.key.localeCompare(b.key),
  );
}
