/**
 * Argo CD's REST API v1 over the stand-in, at `<devstack>/argocd/api/v1`: what Runway's
 * environment health, the delivery follow-up and Roadie's Argo CD cards call.
 */
import express from 'express';
import { matchesSelector } from '../kubernetes/labelSelector';
import { ArgoCdStandIn } from './ArgoCdStandIn';

export interface ArgoCdRouterOptions {
  argocd: ArgoCdStandIn;
  /** The API token presented as `Authorization: Bearer <token>`. */
  token: string;
}

/** Argo CD's gRPC-gateway error body (code 5 NotFound, 16 Unauthenticated). */
const grpcError = (
  res: express.Response,
  status: number,
  code: number,
  message: string,
) => res.status(status).json({ error: message, code, message });

const queryList = (value: unknown): string[] =>
  [value]
    .flat()
    .filter(v => v !== undefined)
    .map(String)
    .flatMap(v => v.split(','))
    .filter(Boolean);

export function createArgoCdRouter(
  options: ArgoCdRouterOptions,
): express.Router {
  const { argocd, token } = options;
  const router = express.Router();

  // Unauthenticated in Argo CD too.
  router.get('/api/version', (_req, res) => {
    res.json({ Version: 'v2.13.0+devstack' });
  });

  router.use((req, res, next) => {
    if (req.headers.authorization === `Bearer ${token}`) next();
    else grpcError(res, 401, 16, 'no session information');
  });

  router.get('/api/v1/applications', async (req, res, next) => {
    try {
      const selector = req.query.selector as string | undefined;
      const projects = [
        ...queryList(req.query.projects),
        ...queryList(req.query.project),
      ];
      const name = req.query.name as string | undefined;
      const repo = req.query.repo as string | undefined;
      const items = (await argocd.applications()).filter(
        app =>
          matchesSelector(app.metadata.labels, selector) &&
          (!projects.length || projects.includes(app.spec.project)) &&
          (!name || app.metadata.name === name) &&
          (!repo || app.spec.source.repoURL === repo),
      );
      res.json({
        metadata: { resourceVersion: argocd.listResourceVersion },
        items,
      });
    } catch (e) {
      next(e);
    }
  });

  router.get('/api/v1/applications/:name', async (req, res, next) => {
    try {
      const app = await argocd.application(req.params.name);
      if (app) res.json(app);
      else
        grpcError(
          res,
          404,
          5,
          `applications.argoproj.io "${req.params.name}" not found`,
        );
    } catch (e) {
      next(e);
    }
  });

  // The history card's author and message of a deployed revision.
  router.get(
    '/api/v1/applications/:name/revisions/:revision/metadata',
    async (req, res, next) => {
      try {
        const { name, revision } = req.params;
        const app = await argocd.application(name);
        const metadata = app && (await argocd.revisionMetadata(name, revision));
        if (!app)
          grpcError(
            res,
            404,
            5,
            `applications.argoproj.io "${name}" not found`,
          );
        else if (!metadata)
          grpcError(
            res,
            404,
            5,
            `revision ${revision} not found in ${app.spec.source.repoURL}`,
          );
        else res.json(metadata);
      } catch (e) {
        next(e);
      }
    },
  );

  router.use('/api', (req, res) =>
    grpcError(
      res,
      404,
      5,
      `${req.method} /api${req.path} is not served by the devstack's Argo CD`,
    ),
  );
  // gRPC code 13 Internal, as Argo CD answers when its repo server or git fails.
  router.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => grpcError(res, 500, 13, error.message),
  );
  return router;
}
