/**
 * A read-only client of Argo CD's REST API (v1). An Application Argo CD does not have is `absent`,
 * not an error; a network failure, a timeout or a 5xx is an {@link ArgoCdUnavailableError}, which
 * callers treat as "no answer this time", never as a verdict on the Application.
 */
import { ArgoCdApplication } from './types';
import { ArgoCdSettings } from './settings';

export type ArgoCdApplicationLookup =
  | { found: true; application: ArgoCdApplication }
  | { found: false };

/** Argo CD did not answer usefully (network, timeout, 5xx, 429): ask again later. */
export class ArgoCdUnavailableError extends Error {
  readonly name = 'ArgoCdUnavailableError';
}

/** Argo CD refused the request (401/403, or another 4xx): the configuration needs fixing. */
export class ArgoCdRequestError extends Error {
  readonly name = 'ArgoCdRequestError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export class ArgoCdClient {
  constructor(private readonly settings: ArgoCdSettings) {}

  /** `GET /api/v1/applications/{name}`; a 404 is `{ found: false }`. */
  async getApplication(name: string): Promise<ArgoCdApplicationLookup> {
    const response = await this.get(
      `/applications/${encodeURIComponent(name)}`,
      `read the Argo CD Application ${name}`,
    );
    if (response.status === 404) return { found: false };
    return {
      found: true,
      application: await this.json<ArgoCdApplication>(response, name),
    };
  }

  /** `GET /api/v1/applications?selector=...`: the Applications matching a label selector. */
  async listApplications(query: {
    selector?: string;
    projects?: string[];
  }): Promise<ArgoCdApplication[]> {
    const params = new URLSearchParams();
    if (query.selector) params.set('selector', query.selector);
    for (const project of query.projects ?? []) {
      params.append('projects', project);
    }
    const response = await this.get(
      `/applications?${params}`,
      'list Argo CD Applications',
    );
    const body = await this.json<{ items?: ArgoCdApplication[] | null }>(
      response,
      'applications',
    );
    return body.items ?? [];
  }

  private async get(route: string, doing: string): Promise<Response> {
    const { url, token, requestTimeoutMs } = this.settings;
    let response: Response;
    try {
      response = await fetch(`${url}/api/v1${route}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      const why =
        (error as Error)?.name === 'TimeoutError'
          ? `no answer within ${requestTimeoutMs} ms`
          : (error as Error)?.message ?? String(error);
      throw new ArgoCdUnavailableError(`Could not ${doing} at ${url}: ${why}`);
    }
    if (response.ok || response.status === 404) return response;
    const detail = await errorMessage(response);
    if (response.status >= 500 || response.status === 429) {
      throw new ArgoCdUnavailableError(
        `Could not ${doing}: Argo CD answered ${response.status}${detail}`,
      );
    }
    const fix =
      response.status === 401 || response.status === 403
        ? '; check runway.environments.argocd.token (an account that may get applications)'
        : '';
    throw new ArgoCdRequestError(
      `Could not ${doing}: Argo CD answered ${response.status}${detail}${fix}`,
      response.status,
    );
  }

  private async json<T>(response: Response, what: string): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ArgoCdUnavailableError(
        `Argo CD sent an unreadable answer for ${what}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

/** Argo CD's error body is `{ error, code, message }`; its message, if any, for ours. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body?.message ? ` (${body.message})` : '';
  } catch {
    return '';
  }
}
