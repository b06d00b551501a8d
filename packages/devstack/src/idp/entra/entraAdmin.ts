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
import express from 'express';
import { changeAnswerer, notJsonBody, notToldJson } from '../adminJson';
import { HireInput } from '../OktaState';
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
    ...notToldJson(change.problem),
    ...(change.user ? { user: entraUserJson(change.user) } : {}),
    deliveries: change.deliveries,
  };
}

export function createEntraAdminRouter(entra: EntraState): express.Router {
  const router = express.Router();

  const answer = changeAnswerer(changeJson);

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

  router.use(notJsonBody('/_devstack/entra/'));

  return router;
}
