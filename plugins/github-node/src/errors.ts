/** How a GitHub failure reads in Runway: what Runway was doing, with GitHub's status and message kept as the cause. */
import { ForwardedError } from '@backstage/errors';

/** The HTTP status of an Octokit RequestError, if `error` is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A GitHub failure, saying what Runway was doing; the cause keeps GitHub's status and message. */
export function forwarded(what: string, error: unknown): ForwardedError {
  return new ForwardedError(`GitHub: could not ${what}`, error);
}

/** Runs one GitHub call; a failure becomes a ForwardedError that says what Runway was doing. */
export async function github<T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw forwarded(what, e);
  }
}
