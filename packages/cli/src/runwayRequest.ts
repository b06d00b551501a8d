/**
 * Asking a Runway backend from the CLI (`catalog drift`, `template test`): where the token may
 * go, one request with it, and server text made safe to print.
 */
import { UsageError } from './args';

export const DEFAULT_RUNWAY_URL = 'http://localhost:7007';

/** A failure to ask Runway: printed as is, exit code 2. */
export class RunwayRequestError extends Error {}

/** Whether the URL is this machine (http is then fine). */
function isLocal(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The Runway URL from --url or RUNWAY_URL, without a trailing slash; a UsageError unless it is
 * http(s), and https whenever it leaves this machine (the token goes with every request).
 */
export function runwayUrl(url: string): string {
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new UsageError(
      `--url ${url} is not an http(s) URL: give Runway's backend, e.g. ${DEFAULT_RUNWAY_URL}.`,
    );
  }
  if (url.startsWith('http:') && !isLocal(url)) {
    throw new UsageError(
      `--url ${url} is plain http to another machine, which would send RUNWAY_TOKEN unencrypted: use https.`,
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Text from the catalogue or the server, safe for a terminal: control characters (escape
 * sequences could rewrite the screen or the clipboard) become U+FFFD; newlines stay.
 */
export const printable = (text: unknown) =>
  String(text ?? '').replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g,
    '\ufffd',
  );

/**
 * Printable and on one line: in a CI log, a line of its own could be read as a workflow command
 * (`::add-mask::`, `::error::`).
 */
export const oneLine = (text: unknown) =>
  printable(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export interface RunwayResponse {
  status: number;
  ok: boolean;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: any;
  text: string;
}

/**
 * One request to Runway with the token, never following a redirect (it would carry the token
 * elsewhere); an unreachable Runway is a RunwayRequestError that says which URL.
 */
export async function requestRunway(
  method: 'GET' | 'POST',
  url: string,
  token: string,
  options: {
    json?: unknown;
    timeoutMs?: number;
    fetchImpl?: typeof fetch;
  } = {},
): Promise<RunwayResponse> {
  let res: Response;
  try {
    res = await (options.fetchImpl ?? fetch)(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(options.json !== undefined && {
          'Content-Type': 'application/json',
        }),
      },
      body:
        options.json !== undefined ? JSON.stringify(options.json) : undefined,
      redirect: 'error',
      signal: options.timeoutMs
        ? AbortSignal.timeout(options.timeoutMs)
        : undefined,
    });
  } catch (error) {
    throw new RunwayRequestError(
      `Could not reach Runway at ${url}: ${
        (error as Error & { cause?: Error }).cause?.message ??
        (error as Error).message
      }. Check --url or RUNWAY_URL.`,
    );
  }
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, ok: res.ok, body, text };
}
