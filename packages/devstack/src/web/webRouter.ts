/**
 * The devstack's read-only web view: server-rendered pages for what the stand-ins hold, at the
 * addresses GitHub uses (so html_url, PR links and download_url from the forge lead here), plus
 * Slack, mail and webhook pages. Mounted last on the devstack's origin, after the forge's own
 * routes; it answers every other GET with a page or a 404, and refuses other methods.
 */
import express, { NextFunction, Request, Response } from 'express';
import { WebContext } from './context';
import { HttpError, notFound, redirect, sendError } from './layout';
import { param, repoHref } from './paths';
import { attachmentDownload, mailIndexPage, mailPage } from './pages/mail';
import { overviewPage, ownerPage, teamPage } from './pages/overview';
import { allPullsPage, pullPage, repoPullsPage } from './pages/pulls';
import {
  blobPage,
  commitPage,
  comparePage,
  rawFile,
  treePage,
} from './pages/repo';
import { slackChannelPage, slackIndexPage } from './pages/slack';
import { webhooksPage } from './pages/webhooks';

export type { WebContext } from './context';

type Page = (
  ctx: WebContext,
  req: Request,
  res: Response,
) => void | Promise<void>;

export function createWebRouter(ctx: WebContext): express.Router {
  const router = express.Router();

  const page =
    (fn: Page) => (req: Request, res: Response, next: NextFunction) => {
      Promise.resolve()
        .then(() => fn(ctx, req, res))
        .catch(error =>
          error instanceof HttpError ? sendError(res, error) : next(error),
        );
    };

  router.use((req, res, next) => {
    res.locals.webView = true;
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(
      res,
      new HttpError(405, 'The devstack web view is read-only.'),
    );
  });

  router.get('/', page(overviewPage));
  router.get('/pulls', page(allPullsPage));
  router.get('/slack', page(slackIndexPage));
  router.get('/slack/:channel', page(slackChannelPage));
  router.get('/mail', page(mailIndexPage));
  router.get('/mail/:id', page(mailPage));
  router.get('/mail/:id/attachments/:index', page(attachmentDownload));
  router.get('/webhooks', page(webhooksPage));
  router.get('/orgs/:org/teams/:slug', page(teamPage));

  router.get('/:owner', page(ownerPage));
  router.get('/:owner/:repo', page(treePage));
  router.get('/:owner/:repo/tree', (req, res) =>
    redirect(res, repoHref(param(req, 'owner'), param(req, 'repo'))),
  );
  router.get('/:owner/:repo/tree/*', page(treePage));
  router.get('/:owner/:repo/blob/*', page(blobPage));
  router.get('/:owner/:repo/raw/*', page(rawFile));
  router.get('/:owner/:repo/commit/:sha', page(commitPage));
  router.get('/:owner/:repo/compare/*', page(comparePage));
  router.get('/:owner/:repo/pulls', page(repoPullsPage));
  router.get('/:owner/:repo/pull/:number', page(pullPage));
  router.get('/:owner/:repo/pull/:number/files', page(pullPage));

  router.use((_req, res) => sendError(res, notFound()));

  // Failures of these pages only (the forge's, passing by, are left to it): an error page.
  router.use((error: any, _req: Request, res: Response, next: NextFunction) => {
    if (!res.locals.webView || res.headersSent) return next(error);
    const status = Number(error?.status ?? error?.statusCode);
    return sendError(
      res,
      status >= 400 && status < 500
        ? new HttpError(status, 'This address cannot be read.')
        : new HttpError(
            500,
            `The web view failed: ${String(error?.message ?? error)}`,
          ),
    );
  });

  return router;
}
