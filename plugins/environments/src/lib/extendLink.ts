/**
 * The Extend links of expiry warnings. The notifier links to `/environments/<name>?extend=1`
 * (ExpiryNotifier's environmentLinks); `/environments?extend=<name>&days=N` is accepted too.
 */
export type ExtendLinkIntent =
  | { name: string; days: number }
  | { name: string; problem: string };

const DEFAULT_DAYS = 1;

const EXTEND_LINK_PARAMS = ['extend', 'days'];

/** What the link asks for, or undefined when the URL carries no extend request. */
export function extendLinkIntent(
  params: URLSearchParams,
  pathName?: string,
): ExtendLinkIntent | undefined {
  const extend = params.get('extend');
  if (extend === null) return undefined;
  const name = pathName ?? extend.trim();
  if (!name) return undefined;
  // On an environment's own page the value of `extend` is the number of days (`?extend=1`).
  const pathDays =
    pathName !== undefined && /^\d+$/.test(extend) ? extend : undefined;
  const text = params.get('days') ?? pathDays ?? String(DEFAULT_DAYS);
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1) {
    return {
      name,
      problem: `The link asks to extend ${name} by ${JSON.stringify(
        text,
      )} days; it must be a whole number of days, 1 or more. Use the Extend buttons instead.`,
    };
  }
  return { name, days };
}

/** The same search parameters without the extend request, once it is answered. */
export function withoutExtendLink(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  EXTEND_LINK_PARAMS.forEach(key => next.delete(key));
  return next;
}
