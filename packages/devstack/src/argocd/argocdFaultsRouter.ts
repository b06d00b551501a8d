/**
 * Argo CD faults over HTTP, so a person or a browser test can make an Application unhealthy:
 * `POST /_devstack/argocd/faults {application, health?, message?}`, `DELETE` to clear.
 */
import express from 'express';
import { ArgoCdStandIn } from './ArgoCdStandIn';

const HEALTHS = ['Degraded', 'Missing', 'Progressing', 'Suspended', 'Unknown'];

/** What is wrong with a posted fault, naming the field; undefined when it is one. */
export function argoCdFaultProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object such as {"application": "cart-service-staging", "health": "Degraded", "message": "Back-off pulling image"}';
  const fault = body as Record<string, unknown>;
  if (typeof fault.application !== 'string' || !fault.application.trim())
    return 'application must be the name of an Argo CD Application, e.g. cart-service-staging';
  if (fault.health !== undefined && !HEALTHS.includes(fault.health as string))
    return `health must be one of ${HEALTHS.join(', ')} (default Degraded)`;
  if (fault.message !== undefined && typeof fault.message !== 'string')
    return 'message must be a string: what Argo CD shows as the health message';
  const unknown = Object.keys(fault).filter(
    k => !['application', 'health', 'message'].includes(k),
  );
  if (unknown.length)
    return `unknown field ${unknown.join(
      ', ',
    )}; a fault has application, health and message`;
  return undefined;
}

export function createArgoCdFaultsRouter(
  argocd: ArgoCdStandIn,
): express.Router {
  const router = express.Router();
  router.post('/_devstack/argocd/faults', express.json(), (req, res) => {
    const problem = argoCdFaultProblem(req.body);
    if (problem) {
      res.status(400).json({ error: problem });
      return;
    }
    argocd.injectFault(req.body);
    res.status(201).json(req.body);
  });
  router.delete('/_devstack/argocd/faults', (_req, res) => {
    argocd.clearFault();
    res.status(204).end();
  });
  router.delete('/_devstack/argocd/faults/:application', (req, res) => {
    argocd.clearFault(req.params.application);
    res.status(204).end();
  });
  return router;
}
