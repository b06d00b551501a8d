/**
 * The Kubernetes API stand-in over HTTP, for the devstack's `<devstack>/k8s` cluster: express's
 * request becomes a Fetch Request for the same handler msw uses, so both paths answer alike.
 */
import express from 'express';
import { KubernetesApiStandIn } from './KubernetesApiStandIn';

export interface KubernetesRouterOptions {
  standIn: KubernetesApiStandIn;
  /** The service account token Backstage's cluster entry presents as `Bearer <token>`. */
  token: string;
  /** Runs before each answer (the Argo CD stand-in catching up, so its deployments show). */
  beforeRequest?: () => Promise<void>;
}

export function createKubernetesRouter(
  options: KubernetesRouterOptions,
): express.Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: '5mb' }));
  router.use(async (req, res, next) => {
    try {
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        res.status(401).json({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
        return;
      }
      await options.beforeRequest?.();
      const body =
        Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers.set(name, value);
      const response = await options.standIn.handle(
        new Request(`${options.standIn.baseUrl.replace(/\/$/, '')}${req.url}`, {
          method: req.method,
          headers,
          body,
        }),
      );
      res.status(response.status);
      res.setHeader(
        'content-type',
        response.headers.get('content-type') ?? 'application/json',
      );
      res.send(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
