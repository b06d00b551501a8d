/**
 * The fault controller over HTTP, so fault runs can be driven from outside the process:
 * `POST /_devstack/faults` with the same spec as `injectFault`, `DELETE /_devstack/faults` to clear.
 */
import express from 'express';
import { FaultController, FaultSpec } from './faults';

const STATUSES = [429, 500, 502, 503];

/** What is wrong with a posted spec, naming the field; undefined when it is a FaultSpec. */
export function faultSpecProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object such as {"target": "pulls/create", "status": 502}';
  const spec = body as Record<string, unknown>;
  if (typeof spec.target !== 'string' || !spec.target.trim())
    return 'target must be a GitHub operationId (pulls/create) or a Slack method (chat.postMessage)';
  if (spec.status !== undefined && !STATUSES.includes(spec.status as number))
    return `status must be one of ${STATUSES.join(', ')}`;
  for (const field of ['times', 'retryAfterSeconds'] as const) {
    const value = spec[field];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) > 0)
    )
      return `${field} must be a whole number of at least 1`;
  }
  if (
    spec.delayMs !== undefined &&
    !(typeof spec.delayMs === 'number' && spec.delayMs >= 0)
  )
    return 'delayMs must be a number of milliseconds, at least 0';
  const known = ['target', 'status', 'times', 'retryAfterSeconds', 'delayMs'];
  const unknown = Object.keys(spec).filter(k => !known.includes(k));
  if (unknown.length)
    return `unknown field ${unknown.join(', ')}; a fault has ${known.join(
      ', ',
    )}`;
  return undefined;
}

export function createFaultsRouter(faults: FaultController): express.Router {
  const router = express.Router();
  router.post('/_devstack/faults', express.json(), (req, res) => {
    const problem = faultSpecProblem(req.body);
    if (problem) {
      res.status(400).json({ error: problem });
      return;
    }
    faults.inject(req.body as FaultSpec);
    res.status(201).json(req.body);
  });
  router.delete('/_devstack/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return router;
}
