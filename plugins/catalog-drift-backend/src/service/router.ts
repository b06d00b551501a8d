/**
 * The drift API: `GET /problems` (optionally `?kind=`) and `POST /check` to run the check now.
 * Both are permissions of Runway's policy (the platform team's); this router only asks.
 */
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  DRIFT_KINDS,
  DriftKind,
  catalogDriftCheckPermission,
  catalogDriftReadPermission,
  isDriftKind,
} from '@runway/plugin-catalog-drift-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DriftStore } from '../database/DriftStore';
import { DriftRunner } from './DriftRunner';

export interface RouterOptions {
  store: DriftStore;
  runner: DriftRunner;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

export function createRouter(options: RouterOptions): express.Router {
  const { store, runner, httpAuth, permissions, auditor } = options;
  const router = Router();

  async function authorize(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${permission.name} is the platform team's; ask them for the drift report`,
      );
    }
  }

  router.get('/problems', async (req, res) => {
    await authorize(req, catalogDriftReadPermission);
    res.json(await store.report({ kind: kindFilter(req.query.kind) }));
  });

  router.post('/check', async (req, res) => {
    await authorize(req, catalogDriftCheckPermission);
    const event = await auditor.createEvent({
      eventId: 'catalog-drift-check',
      request: req,
    });
    try {
      const summary = await runner.run();
      await event.success({ meta: { ...summary } });
      res.json({ ...summary, ...(await store.report()) });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

function kindFilter(value: unknown): DriftKind | undefined {
  if (value === undefined) return undefined;
  if (isDriftKind(value)) return value;
  throw new InputError(
    `kind must be one of ${DRIFT_KINDS.join(', ')}; got ${JSON.stringify(
      value,
    )}`,
  );
}
