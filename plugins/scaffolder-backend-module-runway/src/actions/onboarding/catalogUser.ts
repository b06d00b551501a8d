/**
 * `catalog:user:ensure` and `catalog:user:retire` — the hire's User entity, in the catalogue at
 * once rather than at the next organisation sync (which only knows the person once the access
 * pull request is applied). The onboarding plugin keeps the entity and its catalogue module
 * provides it; these steps register or retire it there and wait until the catalogue shows the
 * change. Both are idempotent: a retry registers the same entity, retiring twice changes nothing.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  IDP_USER_ID_ANNOTATION,
  ORIGIN_LOCATION_ANNOTATION,
  onboardingUserOrigin,
} from '@runway/plugin-onboarding-common';
import { OnboardingApiOptions, callOnboarding } from './onboardingApi';

export interface CatalogUserOptions extends OnboardingApiOptions {
  catalog: CatalogService;
  /** How long to wait for the catalogue to show the change. */
  waitMs?: number;
}

const userPath = (idpUserId: string) =>
  `/users/${encodeURIComponent(idpUserId)}`;

/** Polls `read` until `done` holds or the deadline passes; the last value either way. */
async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  waitMs: number,
): Promise<{ value: T; done: boolean }> {
  const deadline = Date.now() + waitMs;
  let pause = 100;
  for (;;) {
    const value = await read();
    if (done(value)) return { value, done: true };
    if (Date.now() >= deadline) return { value, done: false };
    const wait = pause;
    await new Promise(resolve => setTimeout(resolve, wait));
    pause = Math.min(pause * 2, 1_000);
  }
}

const isFor = (entity: Entity | undefined, idpUserId: string) =>
  entity?.metadata.annotations?.[IDP_USER_ID_ANNOTATION] === idpUserId;

const memberOf = (entity: Entity | undefined) =>
  (
    ((entity?.spec as { memberOf?: string[] } | undefined)?.memberOf ??
      []) as string[]
  ).map(m => m.toLocaleLowerCase('en-US'));

export function createCatalogUserEnsureAction(options: CatalogUserOptions) {
  const { catalog } = options;
  const waitMs = options.waitMs ?? 60_000;
  return createTemplateAction({
    id: 'catalog:user:ensure',
    description:
      "Puts the hire's User entity (team, manager, buddy) into the catalogue at once and waits until it is there; the organisation sync takes it over later.",
    supportsDryRun: true,
    schema: {
      input: {
        idpUserId: z =>
          z.string({ description: "The identity provider's user id." }),
        login: z =>
          z.string({ description: 'GitHub login: the entity’s name.' }),
        name: z => z.string({ description: 'Full name.' }),
        email: z => z.string({ description: 'Work e-mail.' }),
        team: z => z.string({ description: 'The team, a Group ref.' }),
        manager: z =>
          z.string({ description: "The manager's User ref." }).optional(),
        buddy: z =>
          z.string({ description: "The buddy's User ref." }).optional(),
      },
      output: {
        userRef: z => z.string({ description: 'The User entity ref.' }),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const ref = stringifyEntityRef({
        kind: 'User',
        namespace: 'default',
        name: input.login,
      });
      const read = () => catalog.getEntityByRef(ref, { credentials });
      const there = await read();
      if (there && !isFor(there, input.idpUserId)) {
        throw new InputError(
          `login: the catalogue already has ${ref}, and it is not this person (no ${IDP_USER_ID_ANNOTATION}: ${input.idpUserId}); check the GitHub login in the identity provider and re-run.`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${ref} in ${input.team}.`);
        ctx.output('userRef', ref);
        return;
      }
      const { changed, adopted } = await callOnboarding<{
        changed: boolean;
        adopted?: boolean;
      }>(
        options,
        'PUT',
        userPath(input.idpUserId),
        'The User entity could not be registered',
        {
          login: input.login,
          name: input.name,
          email: input.email,
          team: input.team,
          manager: input.manager,
          buddy: input.buddy,
        },
      );
      if (adopted) {
        ctx.logger.info(
          `${ref} comes from the organisation sync already; onboarding provides nothing more.`,
        );
        ctx.output('userRef', ref);
        return;
      }
      const shown = await waitFor(
        read,
        entity =>
          isFor(entity, input.idpUserId) &&
          memberOf(entity).includes(input.team.toLocaleLowerCase('en-US')),
        waitMs,
      );
      if (!shown.done) {
        // Not left registered half-done: a Retry registers it again.
        await callOnboarding(
          options,
          'DELETE',
          userPath(input.idpUserId),
          'The User entity could not be withdrawn',
        );
        throw new Error(
          `The catalogue has not shown ${ref} in ${
            input.team
          } after ${Math.round(
            waitMs / 1000,
          )} s (the catalogue may be busy; the registration was withdrawn). Retry this step.`,
        );
      }
      ctx.logger.info(
        `${ref} is in the catalogue, member of ${input.team}${
          changed ? '' : ' (already registered)'
        }.`,
      );
      ctx.output('userRef', ref);
    },
  });
}

export function createCatalogUserRetireAction(options: CatalogUserOptions) {
  const { catalog } = options;
  const waitMs = options.waitMs ?? 60_000;
  return createTemplateAction({
    id: 'catalog:user:retire',
    description:
      'Retires the User entity onboarding put into the catalogue and waits until the catalogue drops it; one the organisation sync has taken over goes when the sync no longer finds the person.',
    supportsDryRun: true,
    schema: {
      input: {
        idpUserId: z =>
          z.string({ description: "The identity provider's user id." }),
        login: z => z.string({ description: 'GitHub login.' }),
      },
      output: {
        revoked: z =>
          z.array(z.string(), {
            description:
              'The entity retired, read back (empty when onboarding never registered one).',
          }),
        remaining: z =>
          z
            .string({
              description:
                'Set when the organisation sync still provides the entity: what removes it.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const ref = stringifyEntityRef({
        kind: 'User',
        namespace: 'default',
        name: input.login,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would retire ${ref}.`);
        ctx.output('revoked', []);
        return;
      }
      const credentials: BackstageCredentials =
        await ctx.getInitiatorCredentials();
      const result = await callOnboarding<{ retired: boolean }>(
        options,
        'DELETE',
        userPath(input.idpUserId),
        'The User entity could not be retired',
      );
      if (!result.retired) {
        ctx.logger.info(`Onboarding registered no User entity for ${ref}.`);
        ctx.output('revoked', []);
        return;
      }
      const origin = onboardingUserOrigin(input.idpUserId);
      const gone = await waitFor(
        () => catalog.getEntityByRef(ref, { credentials }),
        entity =>
          !entity ||
          entity.metadata.annotations?.[ORIGIN_LOCATION_ANNOTATION] !== origin,
        waitMs,
      );
      if (!gone.done) {
        throw new Error(
          `The catalogue still shows ${ref} from onboarding after ${Math.round(
            waitMs / 1000,
          )} s (retired; the catalogue may be busy). Retry this step.`,
        );
      }
      if (gone.value) {
        const remaining = `${ref} now comes from the organisation sync, which removes it once the access pull request is applied`;
        ctx.logger.info(remaining);
        ctx.output('remaining', remaining);
      }
      ctx.output('revoked', [`catalogue User entity ${ref}`]);
    },
  });
}
