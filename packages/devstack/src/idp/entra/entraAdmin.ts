/**
 * What an Entra ID admin does, over HTTP, for the bench and tests (JSON, `{ error }` on refusal),
 * under `/_devstack/entra`:
 * - `POST /_devstack/entra/users` hires (the same fields as `/_devstack/idp/users`);
 * - `POST /_devstack/entra/users/{id}/disable` blocks sign-in, `/delete` deletes (soft),
 *   `/purge` deletes a deleted user permanently;
 * - `POST /_devstack/entra/subscriptions/{id}/lifecycle` with `{ "lifecycleEvent": … }` sends a
 *   lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`);
 * - `GET /_devstack/entra/users`, `/deliveries` and `/subscriptions` read the state.
 * When Runway was not told (nobody subscribed, or a notification failed) the answer is 502 with
 * the reason; the change is made all the same, as in Entra.
 */
import express, { NextFunction, Request, Response } from 'express';
import { HireInput, IdpError } from '../OktaState';
import { crossSiteRequest } from '../sameOrigin';
import { EntraChange, EntraState, EntraUser, userState } from './EntraState';
import { GraphDelivery, subscriptionJson } from './GraphSubscriptions';
import { graphUserJson } from './graphRouter';

/** The admin's view of a user: Graph's properties, their state and their Slack account. */
export function entraUserJson(user: EntraUser) {
  return {
    ...graphUserJson(user, [
      'id',
      'displayName',
      'mail',
      'userPrincipalName',
      'accountEnabled',
      'createdDateTime',
      'deletedDateTime',
      'department',
      'employeeHireDate',
      'onPremisesExtensionAttributes',
    ]),
    state: userState(user),
    managerId: user.managerId ?? null,
    slackUserId: user.slackUserId ?? null,
  };
}

function changeJson(change: {
  user?: EntraUser;
  deliveries: GraphDelivery[];
  problem?: string;
}) {
  return {
    ...(change.problem
      ? { error: `Runway was not told: ${change.problem}` }
      : {}),
    ...(change.user ? { user: entraUserJson(change.user) } : {}),
    deliveries: change.deliveries,
  };
}

export function createEntraAdminRouter(entra: EntraState): express.Router {
  const router = express.Router();

  const answer = async (
    req: Request,
    res: Response,
    status: number,
    change: () => Promise<{
      user?: EntraUser;
      deliveries: GraphDelivery[];
      problem?: string;
    }>,
  ) => {
    if (crossSiteRequest(req)) {
      res
        .status(403)
        .json({ error: 'refused: sent by a page of another site' });
      return;
    }
    try {
      const result = await change();
      res.status(result.problem ? 502 : status).json(changeJson(result));
    } catch (error) {
      if (!(error instanceof IdpError)) throw error;
      res.status(error.status).json({ error: error.message });
    }
  };

  router.get('/_devstack/entra/users', (_req, res) => {
    res.json(entra.users().map(entraUserJson));
  });

  router.get('/_devstack/entra/deliveries', (_req, res) => {
    res.json(entra.deliveries());
  });

  router.get('/_devstack/entra/subscriptions', (_req, res) => {
    res.json(
      entra.subscriptions.list().map(s => ({
        ...subscriptionJson(s),
        reauthorizationRequired: s.reauthorizationRequired,
      })),
    );
  });

  router.post('/_devstack/entra/users', express.json(), (req, res, next) => {
    answer(req, res, 201, () => entra.hire(req.body as HireInput)).catch(next);
  });

  const actions: Record<string, (id: string) => Promise<EntraChange>> = {
    disable: id => entra.disable(id),
    delete: id => entra.delete(id),
    purge: id => entra.purge(id),
  };
  router.post('/_devstack/entra/users/:id/:action', (req, res, next) => {
    const action = actions[req.params.action];
    if (!action) {
      next();
      return;
    }
    answer(req, res, 200, () => action(req.params.id)).catch(next);
  });

  router.post(
    '/_devstack/entra/subscriptions/:id/lifecycle',
    express.json(),
    (req, res, next) => {
      answer(req, res, 200, async () => {
        const sent = await entra.subscriptions.lifecycle(
          req.params.id,
          String((req.body ?? {}).lifecycleEvent ?? ''),
        );
        return { deliveries: [sent.delivery], problem: sent.problem };
      }).catch(next);
    },
  );

  // A body that is not JSON: said in this API's shape, not as express's HTML page.
  router.use(
    (
      error: { type?: string; message?: string },
      req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (
        !req.path.startsWith('/_devstack/entra/') ||
        error?.type !== 'entity.parse.failed'
      ) {
        next(error);
        return;
      }
      res
        .status(400)
        .json({ error: `the body is not JSON: ${error.message ?? ''}` });
    },
  );

  return router;
}
