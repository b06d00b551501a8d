/**
 * REST API under /api/environments. Reads need a signed-in user or a backend service; every
 * mutation is audited, whether it is allowed, refused or rejected.
 */
import { audited } from '@runway/platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { environmentReadPermission } from '@runway/plugin-environments-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { Clock } from '../clock';
import { monthOf, monthlyReport, monthWindow } from '../cost/cost';
import {
  EnvironmentRecord,
  EnvironmentStore,
} from '../database/EnvironmentStore';
import { EnvironmentsSettings } from '../settings';
import { EnvironmentAccess } from './access';
import { EnvironmentOperations } from './EnvironmentOperations';
import {
  entityRef,
  invalid,
  parseActivityKind,
  parseCreateRequest,
  parseExtendDays,
  parseListQuery,
} from './requests';
import { toView } from './views';
import { BranchLister } from './branches';

export interface RouterOptions {
  store: EnvironmentStore;
  /** The branches of a service's repository, for the form's branch picker. */
  branches?: Pick<BranchLister, 'list'>;
  operations: EnvironmentOperations;
  access: EnvironmentAccess;
  auditor: AuditorService;
  clock: Clock;
  settings: EnvironmentsSettings;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, operations, access, auditor, clock, settings } = options;
  const view = (env: EnvironmentRecord) =>
    toView(env, clock.now(), {
      lifetime: settings.lifetime,
      currency: settings.rates.currency,
    });
  const reader = async (req: Request) => {
    const caller = await access.caller(req);
    await access.authorize(caller, environmentReadPermission);
    return caller;
  };
  const mutation = (req: Request, eventId: string) => ({
    eventId,
    request: req,
    meta: { environment: req.params.name ?? req.body?.name ?? null },
  });

  const router = Router();
  router.use(express.json());

  router.get('/environments', async (req, res) => {
    const caller = await reader(req);
    const query = parseListQuery(req.query);
    if (query.filter !== 'all' && !caller.isUser) {
      throw invalid('filter', `${query.filter} needs a signed-in user`);
    }
    const envs = await store.list({
      includeDestroyed: query.includeDestroyed,
      type: query.type,
      ownerUser: query.ownerUser,
      requestedBy:
        query.filter === 'mine'
          ? caller.actor.toLocaleLowerCase('en-US')
          : undefined,
      ownerTeams: query.filter === 'team' ? caller.ownershipRefs : undefined,
    });
    const items = query.entityRef
      ? envs.filter(env =>
          env.services.some(s => s.entityRef === query.entityRef),
        )
      : envs;
    res.json({ items: items.map(view) });
  });

  router.get('/branches', async (req, res) => {
    const caller = await reader(req);
    const ref = entityRef(req.query.entityRef, 'component', 'entityRef');
    if (!options.branches) {
      throw new Error('Listing branches is not set up in this backend');
    }
    res.json(await options.branches.list(ref, caller.credentials));
  });

  router.get('/environments/:name', async (req, res) => {
    await reader(req);
    const env = await operations.get(req.params.name);
    res.json({ ...view(env), events: await store.events(env.id) });
  });

  router.post('/environments', async (req, res) => {
    if (req.query.dryRun === 'true') {
      // Nothing recorded: says whether this exact request would be accepted, and how. Not a
      // mutation, so not audited as a creation (the real request that follows is).
      const input = parseCreateRequest(
        req.body,
        settings.lifetime,
        settings.baseDomain,
      );
      const { env } = await operations.create(await access.caller(req), input, {
        dryRun: true,
      });
      res.json(
        env
          ? { outcome: 'exists', environment: view(env) }
          : { outcome: 'new' },
      );
      return;
    }
    await audited(auditor, mutation(req, 'environment-create'), async () => {
      const input = parseCreateRequest(
        req.body,
        settings.lifetime,
        settings.baseDomain,
      );
      const caller = await access.caller(req);
      const { env, created } = await operations.create(caller, input);
      res.status(created ? 201 : 200).json(view(env!));
    });
  });

  router.post('/environments/:name/extend', async (req, res) => {
    await audited(auditor, mutation(req, 'environment-extend'), async () => {
      const days = parseExtendDays(req.body, settings.lifetime);
      const caller = await access.caller(req);
      const { env, capped } = await operations.extend(
        caller,
        req.params.name,
        days,
      );
      res.json({ environment: view(env), capped });
    });
  });

  // The provisioning action's last step: the lease it recorded before delivering is now delivered.
  router.post('/environments/:name/ready', async (req, res) => {
    await audited(auditor, mutation(req, 'environment-ready'), async () => {
      const caller = await access.caller(req);
      const env = await operations.markReady(caller, req.params.name);
      res.json({ environment: view(env) });
    });
  });

  router.post('/environments/:name/activity', async (req, res) => {
    await audited(auditor, mutation(req, 'environment-activity'), async () => {
      const kind = parseActivityKind(req.body);
      const caller = await access.caller(req);
      const env = await operations.recordActivity(
        caller,
        req.params.name,
        kind,
      );
      res.json({ environment: view(env) });
    });
  });

  router.delete('/environments/:name', async (req, res) => {
    await audited(auditor, mutation(req, 'environment-destroy'), async () => {
      const caller = await access.caller(req);
      const { env, done } = await operations.destroy(caller, req.params.name);
      // 202: the teardown failed or runs elsewhere; the lifecycle job finishes it.
      res.status(done ? 200 : 202).json({ environment: view(env) });
    });
  });

  router.get('/cost', async (req, res) => {
    await reader(req);
    const now = clock.now();
    const month =
      req.query.month === undefined ? monthOf(now) : String(req.query.month);
    const team =
      req.query.team === undefined
        ? undefined
        : entityRef(req.query.team, 'group', 'team');
    const { from, to } = monthWindow(month);
    const environments = await store.listRunningBetween(from, to, team);
    res.json(
      monthlyReport({
        environments,
        month,
        now,
        team,
        currency: settings.rates.currency,
      }),
    );
  });

  return router;
}
