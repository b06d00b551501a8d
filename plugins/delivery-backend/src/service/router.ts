/**
 * REST API under /api/delivery. Reads need a signed-in user or a backend service and are decided
 * by the permission policy (./access); recording a follow-up is the scaffolder's, and audited.
 */
import { audited } from '@runway/platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { Clock } from '../clock';
import { FollowupStore } from '../database/FollowupStore';
import { FollowupAccess } from './access';
import { entityRefOf, parseNewFollowup, parseStateFilter } from './requests';
import { toView } from './views';

export interface RouterOptions {
  store: FollowupStore;
  access: FollowupAccess;
  auditor: AuditorService;
  clock: Clock;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, access, auditor, clock } = options;
  const router = Router();
  router.use(express.json());

  // The golden path's step; idempotent by pull request (a retried task gets the same follow-up).
  router.post('/followups', async (req, res) => {
    await audited(
      auditor,
      {
        eventId: 'followup-record',
        request: req,
        meta: {
          service: req.body?.service ?? null,
          pullRequest: `${req.body?.platformConfigRepo}#${req.body?.pullRequestNumber}`,
        },
      },
      async () => {
        await access.recorder(req);
        const input = parseNewFollowup(req.body);
        const { followup, created } = await store.record(input, clock.now());
        res.status(created ? 201 : 200).json(toView(followup));
      },
    );
  });

  router.get('/followups', async (req, res) => {
    const state = parseStateFilter(req.query.state);
    const all = await store.list({ state });
    const items = await access.readable(req, all);
    res.json({ items: items.map(toView) });
  });

  router.get(
    '/followups/by-entity/:kind/:namespace/:name',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      const items = await access.readable(req, await store.list({ entityRef }));
      if (items.length === 0) {
        throw new NotFoundError(
          `No provisioning follow-up of ${entityRef} that you may read: it was not made by a golden path Runway follows, or it belongs to another team.`,
        );
      }
      res.json({ items: items.map(toView) });
    },
  );

  router.get('/followups/:id', async (req, res) => {
    const found = await store.get(req.params.id);
    const [followup] = found ? await access.readable(req, [found]) : [];
    if (!followup) {
      throw new NotFoundError(
        `No provisioning follow-up ${req.params.id} that you may read.`,
      );
    }
    res.json({ ...toView(followup), events: await store.events(followup.id) });
  });

  return router;
}
