/**
 * `/users`: the hires' User entities. Only Runway's own steps (a service) register and retire
 * them (`catalog:user:ensure`, `catalog:user:retire`), and only the catalogue module reads them;
 * people never call these routes. Each change is audited and announced on the events bus, so the
 * catalogue module applies it at once.
 */
import {
  AuditorService,
  AuthService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  IDP_USER_ID_ANNOTATION,
  ORIGIN_LOCATION_ANNOTATION,
  onboardingUserOrigin,
} from '@runway/plugin-onboarding-common';
import express from 'express';
import Router from 'express-promise-router';
import { UserStore } from './UserStore';
import { parseRegistration } from './userEntity';

/** Published (no payload beyond the id) whenever a hire's entity changes. */
export const USERS_CHANGED_TOPIC = 'runway.onboarding.users';

export function createUsersRouter(options: {
  users: UserStore;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  events: EventsService;
  now: () => Date;
}): express.Router {
  const { users, catalog, auth, httpAuth, auditor, events, now } = options;
  const router = Router();

  const announce = (idpUserId: string) =>
    events.publish({
      topic: USERS_CHANGED_TOPIC,
      eventPayload: { idpUserId },
    });

  router.get('/users', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json({ entities: await users.registered() });
  });

  router.put('/users/:idpUserId', express.json(), async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const registration = parseRegistration(req.params.idpUserId, req.body);
    const audit = await auditor.createEvent({
      eventId: 'onboarding-user',
      severityLevel: 'medium',
      request: req,
      meta: {
        action: 'register',
        idpUserId: registration.idpUserId,
        login: registration.login,
        team: registration.team,
      },
    });
    try {
      // Never a name the catalogue already gives someone else (checked here, not only by the step).
      const ref = `user:default/${registration.login}`;
      const there = await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const annotations = there?.metadata.annotations ?? {};
      if (
        there &&
        annotations[IDP_USER_ID_ANNOTATION] !== registration.idpUserId
      ) {
        throw new ConflictError(
          `login: the catalogue already has ${ref}, and it is not this person; check the GitHub login in the identity provider`,
        );
      }
      if (
        there &&
        annotations[ORIGIN_LOCATION_ANNOTATION] !==
          onboardingUserOrigin(registration.idpUserId)
      ) {
        // The organisation sync has the person already: nothing for onboarding to provide.
        await users.adopt([registration.idpUserId], now());
        await audit.success({ meta: { changed: false, adopted: true } });
        res.json({ entityRef: ref, changed: false, adopted: true });
        return;
      }
      const { user, changed } = await users.register(registration, now());
      if (changed) await announce(registration.idpUserId);
      await audit.success({ meta: { changed } });
      res.status(changed ? 201 : 200).json({
        entityRef: stringifyEntityRef(user.entity),
        changed,
      });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  /** The catalogue module reports the hires the organisation sync took over. */
  router.post('/users/adopted', express.json(), async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const ids = (req.body ?? {}).idpUserIds;
    if (!Array.isArray(ids) || !ids.every(id => typeof id === 'string')) {
      throw new InputError(
        'idpUserIds: send the adopted hires’ ids, a list of strings',
      );
    }
    await users.adopt(ids, now());
    res.json({ adopted: ids.length });
  });

  router.delete('/users/:idpUserId', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const audit = await auditor.createEvent({
      eventId: 'onboarding-user',
      severityLevel: 'medium',
      request: req,
      meta: { action: 'retire', idpUserId: req.params.idpUserId },
    });
    let result: Awaited<ReturnType<UserStore['retire']>>;
    try {
      result = await users.retire(req.params.idpUserId, now());
      if (result?.changed) await announce(req.params.idpUserId);
      await audit.success({ meta: { changed: Boolean(result?.changed) } });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
    res.json({
      entityRef: result && stringifyEntityRef(result.user.entity),
      retired: Boolean(result),
      changed: Boolean(result?.changed),
    });
  });

  return router;
}
