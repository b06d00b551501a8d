/**
 * REST API under /api/impact: `GET /report` answers the measured impact for a period and,
 * optionally, one team, to whoever Runway's permission policy lets read it.
 */
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FigureId,
  GOLDEN_PATH_TEMPLATES,
  computeImpact,
  endOfWeek,
  startOfWeek,
  impactReadPermission,
} from '@runway/plugin-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { teamRef } from '../records/mappers';
import { GatheredRecords } from '../records/RunwayRecords';

const DAY = 86_400_000;
/** Without `from`, the report covers the last four weeks. */
export const DEFAULT_PERIOD_DAYS = 28;
export const MAX_PERIOD_DAYS = 731;
/**
 * Periods are whole weeks, Monday to Monday (UTC), a week at least: a narrower window around one
 * run would tell when a particular person ran, joined, left or changed team. (The current week
 * counts as it stands, so reports read on different days of it can still differ.)
 */
export const MIN_PERIOD_DAYS = 7;

export interface ImpactRouterOptions {
  httpAuth: HttpAuthService;
  /** Which templates the caller may see: runs of the others are left out of their report. */
  catalog: CatalogService;
  permissions: PermissionsService;
  records: { gather(): Promise<GatheredRecords> };
  /** What each figure was before Runway, in words (`runway.impact.before`). */
  before: Partial<Record<FigureId, string>>;
  now?: () => Date;
}

function dateParam(name: string, value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    !/^\d{4}-\d\d-\d\d/.test(String(value))
  ) {
    throw new InputError(
      `${name}: ${JSON.stringify(
        value,
      )} is not a date; use YYYY-MM-DD or an ISO 8601 time.`,
    );
  }
  return date;
}

/** The period and team a query asks for, or an InputError naming the field and the fix. */
export function parseReportQuery(
  query: Record<string, unknown>,
  now: Date,
): { from: Date; to: Date; team?: string } {
  const to = endOfWeek(dateParam('to', query.to) ?? now);
  const from = startOfWeek(
    dateParam('from', query.from) ??
      new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY),
  );
  if (to.getTime() - from.getTime() < MIN_PERIOD_DAYS * DAY) {
    throw new InputError(
      `from: the period is shorter than ${MIN_PERIOD_DAYS} days (${from.toISOString()} to ${to.toISOString()}, whole weeks from Monday); choose an earlier start.`,
    );
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY) {
    throw new InputError(
      `from: the period is longer than ${MAX_PERIOD_DAYS} days; choose a later start.`,
    );
  }
  if (query.team === undefined || query.team === '') return { from, to };
  const team = teamRef(query.team);
  if (!team || !team.startsWith('group:')) {
    throw new InputError(
      `team: ${JSON.stringify(
        query.team,
      )} is not a team; use a Group entity ref such as group:default/payments.`,
    );
  }
  return { from, to, team };
}

export function createRouter(options: ImpactRouterOptions): express.Router {
  const { httpAuth, permissions, records, before, catalog } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  router.get('/report', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: impactReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read Runway’s measured impact.');
    }
    const query = parseReportQuery(req.query as Record<string, unknown>, now());
    const [{ records: gathered, gaps }, templates] = await Promise.all([
      records.gather(),
      catalog.getEntities(
        {
          filter: { kind: 'Template' },
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      ),
    ]);
    // A run of a template the caller may not see (onboarding, offboarding and team changes are
    // the platform team's: who joins and leaves is personal data) is not theirs to count.
    const visible = new Set(
      templates.items.map(t =>
        stringifyEntityRef(t).toLocaleLowerCase('en-US'),
      ),
    );
    const report = computeImpact(
      {
        ...gathered,
        runs: gathered.runs.filter(r => visible.has(r.template)),
        hires: visible.has(GOLDEN_PATH_TEMPLATES.onboarding)
          ? gathered.hires
          : [],
      },
      query,
    );
    res.json({
      ...report,
      figures: report.figures.map(f => ({ ...f, before: before[f.id] })),
      gaps,
    });
  });

  return router;
}
