/**
 * What the two identity providers' admin routes under `/_devstack` share: they answer a change the
 * same way (refused from another site, 502 when Runway was not told, the `IdpError`'s status on
 * refusal) and say a body that is not JSON in their own `{ error }` shape. One place, so that Okta's
 * and Entra ID's admin APIs cannot drift apart for the bench and tests.
 */
import express, { NextFunction, Request, Response } from 'express';
import { IdpError } from './OktaState';
import { crossSiteRequest } from './sameOrigin';

/** `{ error }` when Runway was not told of a change, for spreading into the change's JSON. */
export function notToldJson(problem: string | undefined): { error?: string } {
  return problem ? { error: `Runway was not told: ${problem}` } : {};
}

/**
 * How a router answers a change as JSON (`toJson` of the change): `status` when Runway was told,
 * 502 when not (the change is made all the same), the refusal's status with `{ error }`, or 403
 * when a page of another site sent the request.
 */
export function changeAnswerer<T extends { problem?: string }>(
  toJson: (change: T) => object,
) {
  return async (
    req: Request,
    res: Response,
    status: number,
    change: () => Promise<T>,
  ): Promise<void> => {
    if (crossSiteRequest(req)) {
      res
        .status(403)
        .json({ error: 'refused: sent by a page of another site' });
      return;
    }
    try {
      const result = await change();
      res.status(result.problem ? 502 : status).json(toJson(result));
    } catch (error) {
      if (!(error instanceof IdpError)) throw error;
      res.status(error.status).json({ error: error.message });
    }
  };
}

/** A body under `prefix` that is not JSON: said in the admin API's shape, not as express's HTML page. */
export function notJsonBody(prefix: string): express.ErrorRequestHandler {
  return (
    error: { type?: string; message?: string },
    req: Request,
    res: Response,
    next: NextFunction,
  ) => {
    if (!req.path.startsWith(prefix) || error?.type !== 'entity.parse.failed') {
      next(error);
      return;
    }
    res
      .status(400)
      .json({ error: `the body is not JSON: ${error.message ?? ''}` });
  };
}
