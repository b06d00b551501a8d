/**
 * `standup:rotation:join` and `standup:rotation:leave` — a place in the team's standup rotation,
 * which Runway keeps (the onboarding plugin's `/rotations` API) and shows on the team's page. A
 * new engineer joins at the end; someone leaving is taken out. Both are idempotent: joining
 * twice keeps one place, leaving twice removes nothing more.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { OnboardingApiOptions, callOnboarding } from './onboardingApi';

export type StandupRotationOptions = OnboardingApiOptions;

/** The rotation's API path for a team ref, or an InputError naming `team`. */
function rotationPath(team: string): string {
  try {
    const ref = parseEntityRef(team, { defaultKind: 'group' });
    if (ref.kind.toLocaleLowerCase('en-US') === 'group') {
      return `/rotations/${encodeURIComponent(
        ref.namespace,
      )}/${encodeURIComponent(ref.name)}`;
    }
  } catch {
    // below
  }
  throw new InputError(
    `team ${JSON.stringify(
      team,
    )} must be a Group ref such as group:default/payments`,
  );
}

/** Changes the rotation through the onboarding plugin's API. */
const callRotations = (
  options: StandupRotationOptions,
  method: 'POST' | 'DELETE',
  path: string,
  body?: object,
) =>
  callOnboarding<{ members: Array<{ email: string; position: number }> }>(
    options,
    method,
    path,
    'The standup rotation could not be changed (the platform team can change it by hand)',
    body,
  );

export function createStandupRotationJoinAction(
  options: StandupRotationOptions,
) {
  return createTemplateAction({
    id: 'standup:rotation:join',
    description:
      "Gives a person a place at the end of their team's standup rotation (kept by Runway, shown on the team's page); idempotent.",
    supportsDryRun: true,
    schema: {
      input: {
        team: z =>
          z.string({ description: 'The team, e.g. group:default/payments.' }),
        email: z => z.string({ description: "The person's work e-mail." }),
        name: z => z.string({ description: "The person's name." }),
      },
      output: {
        position: z =>
          z.number({ description: 'Their place in the rotation, from 0.' }),
      },
    },
    async handler(ctx) {
      const path = rotationPath(ctx.input.team);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would add ${ctx.input.email} to ${path}.`);
        return;
      }
      const { members } = await callRotations(
        options,
        'POST',
        `${path}/members`,
        { email: ctx.input.email, name: ctx.input.name },
      );
      const me = members.find(
        m => m.email === ctx.input.email.toLocaleLowerCase('en-US'),
      );
      ctx.logger.info(
        `${ctx.input.email} is number ${(me?.position ?? 0) + 1} of ${
          members.length
        } in ${ctx.input.team}'s standup rotation.`,
      );
      ctx.output('position', me?.position ?? 0);
    },
  });
}

export function createStandupRotationLeaveAction(
  options: StandupRotationOptions,
) {
  return createTemplateAction({
    id: 'standup:rotation:leave',
    description:
      "Takes a person out of their team's standup rotation; idempotent.",
    supportsDryRun: true,
    schema: {
      input: {
        team: z =>
          z.string({ description: 'The team, e.g. group:default/payments.' }),
        email: z => z.string({ description: "The person's work e-mail." }),
      },
      output: {
        revoked: z =>
          z.array(z.string(), {
            description:
              'The rotation left, read back (empty when they were not in it).',
          }),
      },
    },
    async handler(ctx) {
      const path = rotationPath(ctx.input.team);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would remove ${ctx.input.email} from ${path}.`,
        );
        return;
      }
      const email = ctx.input.email.toLocaleLowerCase('en-US');
      const { members } = await callRotations(
        options,
        'DELETE',
        `${path}/members/${encodeURIComponent(email)}`,
      );
      // Read back from the answer: the person is no longer in it.
      if (members.some(m => m.email === email)) {
        throw new Error(
          `${ctx.input.email} is still in ${ctx.input.team}'s standup rotation after leaving it; retry this step.`,
        );
      }
      ctx.output('revoked', [`standup rotation of ${ctx.input.team}`]);
    },
  });
}
