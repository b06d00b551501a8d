/**
 * A hire's page: their onboarding run, the first-day tasks they tick off and the milestones with
 * their lead times from the run's first event. Read and ticked by the hire themselves and the
 * platform team, as Runway's permission policy decides (HireAccess).
 */
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  MILESTONE_KINDS,
  Milestone,
  firstDayTaskUpdatePermission,
  newHirePageReadPermission,
} from '@runway/plugin-onboarding-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { OnboardingRun, OnboardingStore } from '../database/OnboardingStore';
import { MilestoneStore } from '../milestones/MilestoneStore';
import { FirstDayTaskStore } from '../tasks/FirstDayTaskStore';
import { HireAccess } from './access';

/** How long after their HR event a hire's checklist comes first on their home page. */
export const RECENT_HIRE_DAYS = 42;

export interface NewHireRouterOptions {
  store: OnboardingStore;
  tasks: FirstDayTaskStore;
  milestones: MilestoneStore;
  access: HireAccess;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** The configured first-day tasks, copied into a run when its page is first read. */
  firstDayTasks: string[];
  now?: () => Date;
}

export function createNewHireRouter(
  options: NewHireRouterOptions,
): express.Router {
  const { store, tasks, milestones, access, httpAuth, auditor } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  /** The caller and the run of `:idpUserId` they may act on, or a 403/404. */
  async function hireOf(
    req: Request,
    permission:
      | typeof newHirePageReadPermission
      | typeof firstDayTaskUpdatePermission,
    doing: string,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { idpUserId } = req.params;
    const run = await access.authorize(
      credentials,
      permission,
      idpUserId,
      await store.findRun(idpUserId, 'onboard'),
      doing,
    );
    return { credentials, run };
  }

  async function milestonesOf(run: OnboardingRun): Promise<Milestone[]> {
    const reached = await milestones.list(run.id);
    return MILESTONE_KINDS.map(kind => {
      const m = reached.find(r => r.kind === kind);
      if (!m) return { kind };
      return {
        kind,
        reachedAt: m.reachedAt.toISOString(),
        leadTimeMs: Math.max(
          0,
          m.reachedAt.getTime() - run.createdAt.getTime(),
        ),
        url: m.url,
        detail: m.detail,
      };
    });
  }

  /**
   * Each onboarding's lead times, for Runway's measured impact: the team, when the HR event
   * arrived, the golden path's task and the first deploy to staging; no name, e-mail or id of the
   * person. Backend plugins only (the impact plugin): people read their own page below.
   */
  router.get('/lead-times', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const deploys = await milestones.reachedOf('first-staging-deploy');
    const runs = await store.listRuns();
    res.json({
      hires: runs
        .filter(run => run.kind === 'onboard' && run.person)
        .map(run => ({
          team: run.person!.team,
          hrEventAt: run.createdAt.toISOString(),
          taskId: run.taskId,
          firstStagingDeployAt: deploys.get(run.id)?.toISOString(),
        })),
    });
  });

  /**
   * The signed-in person's own onboarding when it began in the last RECENT_HIRE_DAYS days (the
   * home page shows their checklist first), else `{}`.
   */
  router.get('/my-hire', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const since = now().getTime() - RECENT_HIRE_DAYS * 86_400_000;
    const recent = (await store.listRuns()).filter(
      run =>
        run.kind === 'onboard' &&
        run.person &&
        run.createdAt.getTime() >= since,
    );
    const run = await access.ownRun(
      credentials,
      newHirePageReadPermission,
      recent,
    );
    if (!run) {
      res.json({});
      return;
    }
    res.json({
      run,
      firstDayTasks: await tasks.list(run.id, options.firstDayTasks),
      milestones: await milestonesOf(run),
    });
  });

  router.get('/hires/:idpUserId', async (req, res) => {
    const { run } = await hireOf(req, newHirePageReadPermission, 'read');
    res.json({
      run,
      firstDayTasks: await tasks.list(run.id, options.firstDayTasks),
      milestones: await milestonesOf(run),
    });
  });

  router.put(
    '/hires/:idpUserId/first-day-tasks/:position',
    express.json(),
    async (req, res) => {
      const done = (req.body ?? {}).done;
      if (typeof done !== 'boolean') {
        throw new InputError(
          'done: send {"done": true} to tick the task off, or {"done": false} to open it again.',
        );
      }
      const { credentials, run } = await hireOf(
        req,
        firstDayTaskUpdatePermission,
        'tick tasks on',
      );
      const list = await tasks.list(run.id, options.firstDayTasks);
      const position = Number(req.params.position);
      if (
        !/^\d+$/.test(req.params.position) ||
        !list.some(t => t.position === position)
      ) {
        throw new InputError(
          list.length === 0
            ? 'position: this hire has no first-day tasks (runway.onboarding.email.firstDayTasks was empty when their page was first read).'
            : `position: ${JSON.stringify(
                req.params.position,
              )} is no task of this hire's; use the task's place in the list, 0 to ${
                list.length - 1
              }.`,
        );
      }
      const event = await auditor.createEvent({
        eventId: 'onboarding-first-day-task',
        request: req,
        meta: { runId: run.id, position, done },
      });
      try {
        const result = await tasks.set(
          run.id,
          position,
          done,
          credentials.principal.userEntityRef,
          now(),
        );
        await event.success({ meta: { changed: result?.changed } });
        res.json({ task: result?.task });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  return router;
}
