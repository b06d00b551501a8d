/**
 * The Slack Web API over HTTP, mounted at /slack/api so that
 * `new WebClient(token, { slackApiUrl: 'http://localhost:PORT/slack/api/' })` talks to it.
 * It keeps Slack's wire conventions: POST /<method> with form or JSON arguments, the token as a
 * Bearer header (or a `token` form field), and HTTP 200 with `{ ok: false, error }` for every
 * failure except injected faults (429 with Retry-After, or a 5xx).
 */
import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { FaultController, type Fault } from '../faults';
import { SlackApiError, slackMethods } from './methods';
import type { SlackArgs } from './methods/args';
import type { SlackState } from './SlackState';

export interface SlackRouterOptions {
  state: SlackState;
  /** Bot tokens the stand-in accepts; each one authenticates as the Runway bot. */
  tokens: Iterable<string>;
  /** Failures and delays to inject, keyed by method name such as `chat.postMessage`. */
  faults?: FaultController;
}

export function createSlackRouter(options: SlackRouterOptions): express.Router {
  const tokens = new Set(options.tokens);
  const faults = options.faults ?? new FaultController();
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '5mb' }));
  router.use(express.json({ limit: '5mb' }));
  router.all('/:method', (req, res, next) => {
    const method = req.params.method;
    applyFault(faults.take(method), res)
      .then(answered => {
        if (!answered) res.json(callMethod(method, req, options.state, tokens));
      })
      .catch(next);
  });
  router.use(malformedBody);
  return router;
}

function callMethod(
  method: string,
  req: Request,
  state: SlackState,
  tokens: Set<string>,
): Record<string, unknown> {
  if (!Object.hasOwn(slackMethods, method)) {
    return { ok: false, error: 'unknown_method', req_method: method };
  }
  const token = tokenOf(req);
  if (!token) return { ok: false, error: 'not_authed' };
  if (!tokens.has(token)) return { ok: false, error: 'invalid_auth' };
  try {
    const args = argsOf(req);
    return {
      ok: true,
      ...slackMethods[method]({ args, state, caller: state.bot }),
    };
  } catch (error) {
    if (error instanceof SlackApiError) return error.body();
    throw error;
  }
}

/** Slack reads a JSON body's token only from the Authorization header. */
function tokenOf(req: Request): string | undefined {
  const header = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (header) return header;
  const field = req.is('application/json') ? undefined : argsOf(req).token;
  return typeof field === 'string' && field ? field : undefined;
}

/** Query-string arguments count too, as in Slack; the body wins when both give one. */
function argsOf(req: Request): SlackArgs {
  const body =
    req.body && typeof req.body === 'object' && !Array.isArray(req.body)
      ? req.body
      : {};
  return { ...(req.query as SlackArgs), ...body };
}

/** Answers for an injected fault; true when the call must not reach the method. */
async function applyFault(
  fault: Fault | undefined,
  res: Response,
): Promise<boolean> {
  if (!fault) return false;
  if (fault.delayMs) {
    await new Promise(resolve => setTimeout(resolve, fault.delayMs));
  }
  if (fault.status === 429) {
    res
      .status(429)
      .set('Retry-After', String(fault.retryAfterSeconds ?? 1))
      .json({ ok: false, error: 'ratelimited' });
    return true;
  }
  if (fault.status) {
    res.status(fault.status).json({ ok: false, error: 'internal_error' });
    return true;
  }
  return false;
}

/**
 * Slack answers an unparseable body with an error code and HTTP 200, not a 400. Express spots
 * error handlers by their four parameters, so all four must stay.
 */
function malformedBody(
  err: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if ((err as { type?: string })?.type !== 'entity.parse.failed') {
    next(err);
    return;
  }
  res.json({
    ok: false,
    error: req.is('application/json') ? 'invalid_json' : 'invalid_form_data',
  });
}
