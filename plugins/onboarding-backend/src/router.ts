/**
 * The onboarding API. The triggers are reached without a Backstage token (Okta and HR systems
 * have none) and authenticate by their own secrets; every refusal, replay and accepted request is
 * audited. Reading runs is a permission of Runway's policy (personal data: the platform team's).
 */
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Person,
  onboardingRunReadPermission,
  personProblems,
  standupRotationUpdatePermission,
} from '@runway/plugin-onboarding-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { OnboardingStore, RunRequest } from './database/OnboardingStore';
import { OnboardingWorker } from './runs/OnboardingWorker';
import { OnboardingSettings } from './settings';
import { GraphSubscriptionKeeper } from './runs/GraphSubscriptionKeeper';
import { PersonDirectory, PersonGoneError } from './runs/OktaDirectory';
import { graphNotifications, graphUpdateRequest } from './triggers/graph';
import { hrRunRequest, hrSignatureProblem } from './triggers/hrWebhook';
import { oktaRunRequests, secretMatches } from './triggers/okta';

export interface RouterOptions {
  store: OnboardingStore;
  worker: OnboardingWorker;
  settings: OnboardingSettings;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Present when Microsoft Graph is configured. */
  graphKeeper?: GraphSubscriptionKeeper;
  /** Reads a user from Graph, to tell a disabled account from another update. */
  graphDirectory?: PersonDirectory;
  now?: () => Date;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, worker, settings, auditor } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  /**
   * An audit event for a trigger's request. Not given the `request`: the auditor would read the
   * caller's Backstage credentials from it, and these callers have none (a stray Authorization
   * header would then lose the event); the caller's ip and user agent go in `meta` instead.
   */
  const auditEvent = (
    req: Request,
    source: string,
    severityLevel: 'medium' | 'high',
  ) =>
    auditor.createEvent({
      eventId: 'onboarding-request',
      severityLevel,
      meta: { source, ip: req.ip, userAgent: req.header('user-agent') },
    });

  /** Records each request (one transaction each) and starts what was new; audited as a whole. */
  async function accept(
    req: Request,
    source: string,
    requests: RunRequest[],
  ): Promise<Array<{ deliveryId: string; outcome: string; runId?: string }>> {
    const event = await auditEvent(req, source, 'medium');
    try {
      const results = [];
      for (const request of requests) {
        const result = await store.request(request, now());
        results.push({
          deliveryId: request.deliveryId,
          idpUserId: request.idpUserId,
          kind: request.kind,
          outcome: result.outcome,
          runId: result.outcome === 'replayed' ? undefined : result.run.id,
        });
      }
      await event.success({ meta: { results } });
      if (results.some(r => r.outcome !== 'replayed')) {
        // Started now rather than at the next pass; a failure stays queued for it.
        worker.processPending().catch(() => undefined);
      }
      return results;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Audits a refused request and answers it; nothing else happens. */
  async function refuse(
    req: Request,
    res: Response,
    source: string,
    status: number,
    reason: string,
  ) {
    const event = await auditEvent(req, source, 'high');
    await event.fail({ error: new NotAllowedError(reason) });
    res.status(status).json({ error: { message: reason } });
  }

  router.get('/okta/hook', async (req, res) => {
    const okta = settings.okta;
    if (!okta) throw new NotFoundError('Okta event hooks are not configured');
    if (!secretMatches(req.header(okta.hookHeader), okta.hookSecret)) {
      await refuse(
        req,
        res,
        'okta',
        401,
        'the hook secret is missing or wrong',
      );
      return;
    }
    const challenge = req.header('x-okta-verification-challenge');
    if (!challenge) {
      throw new InputError('X-Okta-Verification-Challenge is missing');
    }
    res.json({ verification: challenge });
  });

  router.post(
    '/okta/hook',
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const okta = settings.okta;
      if (!okta) throw new NotFoundError('Okta event hooks are not configured');
      if (!secretMatches(req.header(okta.hookHeader), okta.hookSecret)) {
        await refuse(
          req,
          res,
          'okta',
          401,
          'the hook secret is missing or wrong',
        );
        return;
      }
      let requests;
      try {
        requests = oktaRunRequests(req.body);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      res.json({ results: await accept(req, 'okta', requests) });
    },
  );

  router.post(
    '/graph/notifications',
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const graph = settings.graph;
      if (!graph) throw new NotFoundError('Microsoft Graph is not configured');
      // Graph's validation of the URL (subscription creation): echo the token as text/plain.
      const validationToken = req.query.validationToken;
      if (typeof validationToken === 'string') {
        if (validationToken.length > 1024) {
          throw new InputError('validationToken is longer than Graph sends');
        }
        res.status(200).type('text/plain').send(validationToken);
        return;
      }
      let notifications;
      try {
        notifications = graphNotifications(req.body, graph.clientState);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      if (notifications.forged) {
        await refuse(
          req,
          res,
          'graph',
          401,
          `${notifications.forged} notification(s) without the subscription's clientState`,
        );
        return;
      }
      for (const { event, subscriptionId } of notifications.lifecycle) {
        // Answered at once (Graph wants 202 within seconds); the keeper works after.
        options.graphKeeper
          ?.onLifecycle(event, subscriptionId)
          .catch(() => undefined);
      }
      const results = await accept(req, 'graph', notifications.requests);
      res.status(202).json({ results });
      // After answering (Graph wants 202 within seconds): an updated user may be new, disabled or
      // deleted (graphUpdateRequest). Reading them takes a call to Graph each.
      for (const { userId, deleted } of notifications.updated) {
        const directory = options.graphDirectory;
        if (!directory) break;
        (deleted
          ? Promise.resolve('gone' as const)
          : directory.person(userId).catch(error => {
              if (error instanceof PersonGoneError) return 'gone' as const;
              throw error;
            })
        )
          .then(async person => {
            const request = graphUpdateRequest(
              userId,
              person,
              now(),
              await store.latestCycle(userId),
            );
            return request ? accept(req, 'graph', [request]) : undefined;
          })
          .catch(() => undefined);
      }
    },
  );

  router.post(
    '/hr/events',
    express.raw({ type: () => true, limit: '256kb' }),
    async (req, res) => {
      const hr = settings.hrWebhook;
      if (!hr) throw new NotFoundError('The HR webhook is not configured');
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const problem = hrSignatureProblem({
        secret: hr.secret,
        timestamp: req.header('x-runway-timestamp'),
        signature: req.header('x-runway-signature'),
        rawBody,
        now: now(),
      });
      if (problem) {
        await refuse(req, res, 'hr', 401, problem);
        return;
      }
      let request;
      try {
        request = hrRunRequest(JSON.parse(rawBody.toString('utf8')));
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      const [result] = await accept(req, 'hr', [request]);
      if (result.outcome === 'replayed') {
        await refuse(
          req,
          res,
          'hr',
          409,
          `event ${request.deliveryId.slice(3)} was received before`,
        );
        return;
      }
      res.status(result.outcome === 'created' ? 201 : 200).json(result);
    },
  );

  /** group:<namespace>/<name> from the route, lower-case. */
  const teamOf = (req: Request) =>
    `group:${req.params.namespace}/${req.params.name}`.toLocaleLowerCase(
      'en-US',
    );

  // A team's standup rotation: anyone signed in reads it (it is on the team's page).
  router.get('/rotations/:namespace/:name', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const members = await store.rotations().rotation(teamOf(req));
    res.json({ team: teamOf(req), members });
  });

  /** Changing a rotation: Runway's own steps (a service), or the platform team by hand. */
  async function authorizeRotationChange(req: Request) {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize(
      [{ permission: standupRotationUpdatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only the platform team changes a standup rotation by hand; onboarding and offboarding change it themselves.',
      );
    }
  }

  router.post(
    '/rotations/:namespace/:name/members',
    express.json(),
    async (req, res) => {
      await authorizeRotationChange(req);
      const { email, name } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw new InputError('email: the member’s work e-mail is missing');
      }
      if (typeof name !== 'string' || !name.trim() || name.length > 200) {
        throw new InputError('name: the member’s name is missing');
      }
      const joined = await store
        .rotations()
        .join(teamOf(req), { email, name: name.trim() }, now());
      res.status(joined ? 201 : 200).json({
        team: teamOf(req),
        members: await store.rotations().rotation(teamOf(req)),
      });
    },
  );

  router.delete(
    '/rotations/:namespace/:name/members/:email',
    async (req, res) => {
      await authorizeRotationChange(req);
      const left = await store.rotations().leave(teamOf(req), req.params.email);
      res.json({
        removed: left,
        members: await store.rotations().rotation(teamOf(req)),
      });
    },
  );

  /**
   * A run started from the form (the template directly, not a trigger): recorded by the
   * template's own step, as Runway's service, so the hire has a page like any other. A person
   * who has a run already keeps it.
   */
  router.post('/runs/form', express.json(), async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['service'] });
    const { taskId, person } = (req.body ?? {}) as {
      taskId?: unknown;
      person?: Partial<Person>;
    };
    if (typeof taskId !== 'string' || !/^[\w-]{1,64}$/.test(taskId)) {
      throw new InputError('taskId: send the scaffolder task that runs it');
    }
    const problems = personProblems(person ?? {});
    if (problems.length || typeof person?.idpUserId !== 'string') {
      throw new InputError(problems.join('; ') || 'person.idpUserId: missing');
    }
    const result = await store.request(
      {
        deliveryId: `form:${taskId}`,
        idpUserId: person.idpUserId,
        kind: 'onboard',
        source: 'form',
        person: person as Person,
      },
      now(),
      { taskId },
    );
    res.status(result.outcome === 'created' ? 201 : 200).json({
      outcome: result.outcome,
      runId: result.outcome === 'replayed' ? undefined : result.run.id,
    });
  });

  router.get('/runs', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const [decision] = await options.permissions.authorize(
      [{ permission: onboardingRunReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Onboarding runs hold personal data; only the platform team reads them.',
      );
    }
    res.json({ runs: await store.listRuns() });
  });

  return router;
}
