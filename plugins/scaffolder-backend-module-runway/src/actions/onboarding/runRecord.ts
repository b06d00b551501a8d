/**
 * `onboarding:run:record` — when the platform team starts an onboarding from the form (not an
 * identity provider's event), records it with the onboarding plugin as a run this very task
 * carries out, so the hire gets their page (first-day tasks, milestones) as any other hire, and
 * the New hires list shows them. A run started by an event carries its `runId` and skips this
 * step. Idempotent: the task's id is the run's delivery id.
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { OnboardingApiOptions, callOnboarding } from './onboardingApi';

export function createOnboardingRunRecordAction(options: OnboardingApiOptions) {
  return createTemplateAction({
    id: 'onboarding:run:record',
    description:
      'Records an onboarding started from the form as a run of this task, so the hire has a page like any other.',
    supportsDryRun: true,
    schema: {
      input: {
        person: z =>
          z.object(
            {
              idpUserId: z.string(),
              name: z.string(),
              email: z.string(),
              githubLogin: z.string(),
              team: z.string(),
              manager: z.string(),
              buddy: z.string().optional(),
              startDate: z.string(),
              timeZone: z.string().optional(),
            },
            { description: 'The person, as the form took them.' },
          ),
      },
      output: {
        runId: z =>
          z
            .string({ description: 'The run this task carries out.' })
            .optional(),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: would record the run.');
        return;
      }
      const person = Object.fromEntries(
        Object.entries(ctx.input.person).filter(([, v]) => v !== ''),
      );
      const { outcome, runId } = await callOnboarding<{
        outcome: string;
        runId?: string;
      }>(
        options,
        'POST',
        '/runs/form',
        'The onboarding run could not be recorded',
        {
          taskId: ctx.task.id,
          person,
        },
      );
      ctx.logger.info(
        outcome === 'created'
          ? `Recorded as onboarding run ${runId}.`
          : `${ctx.input.person.idpUserId} has an onboarding run already (${
              runId ?? 'this task'
            }).`,
      );
      if (runId) ctx.output('runId', runId);
    },
  });
}
