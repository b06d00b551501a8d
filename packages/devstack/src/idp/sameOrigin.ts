/**
 * The identity provider's POSTs change who works here, so a page on another site must not be able
 * to make a browser send them (a form posted across origins needs no script). A browser says where
 * a request comes from (`Sec-Fetch-Site`, `Origin`); curl, the bench and tests say nothing and are
 * let through.
 */
import type { Request } from 'express';

/** True when a browser sent the request from another origin (another port counts). */
export function crossSiteRequest(req: Request): boolean {
  const site = req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.header('host');
  } catch {
    // "null" (a sandboxed frame, a file) or garbage.
    return true;
  }
}
