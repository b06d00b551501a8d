/**
 * The environments API as backend code calls it (scaffolder actions): always on behalf of the
 * credentials it is given, so the API applies its own rules and Runway's permission policy to
 * the person (or, for a sandbox, to Runway's own onboarding run). A refusal comes back as the
 * matching error, with the API's message, which names the field or the fix.
 */
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  CreateEnvironmentRequest,
  EnvironmentType,
  EnvironmentView,
} from '@runway/plugin-environments-common';

/** What a dry run of `POST /environments` says: a new lease, or the one this request made before. */
export type LeaseCheck =
  | { outcome: 'new' }
  | { outcome: 'exists'; environment: EnvironmentView };

/** `GET /environments` filters. */
export interface EnvironmentListQuery {
  type?: EnvironmentType;
  /** A sandbox's engineer, a User entity ref. */
  ownerUser?: string;
  includeDestroyed?: boolean;
}

export class EnvironmentsApiClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** Every check the API makes, recording nothing; throws the API's 400/403/409 as it is. */
  check(
    lease: CreateEnvironmentRequest,
    credentials: BackstageCredentials,
  ): Promise<LeaseCheck> {
    return this.call('POST', '/environments?dryRun=true', credentials, lease);
  }

  /** Records the lease; the same request again answers the lease it recorded. */
  record(
    lease: CreateEnvironmentRequest,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView> {
    return this.call('POST', '/environments', credentials, lease);
  }

  /** The manifests are delivered: provisioning → active (an active one is answered as it is). */
  async ready(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView> {
    const { environment } = await this.call<{ environment: EnvironmentView }>(
      'POST',
      `${path(name)}/ready`,
      credentials,
      {},
    );
    return environment;
  }

  /** The live environment of that name, else the latest destroyed one; undefined when none. */
  async get(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView | undefined> {
    try {
      return await this.call<EnvironmentView>('GET', path(name), credentials);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(
    query: EnvironmentListQuery,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView[]> {
    const params = new URLSearchParams();
    if (query.type) params.set('type', query.type);
    if (query.ownerUser) params.set('ownerUser', query.ownerUser);
    if (query.includeDestroyed) params.set('includeDestroyed', 'true');
    const { items } = await this.call<{ items: EnvironmentView[] }>(
      'GET',
      `/environments?${params}`,
      credentials,
    );
    return items;
  }

  /**
   * Tears it down; `done` is false when the teardown goes on in the background (the API's 202:
   * it failed and is retried, or another request or the lifecycle job runs it).
   */
  async destroy(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<{ environment: EnvironmentView; done: boolean }> {
    const { status, body } = await this.send<{ environment: EnvironmentView }>(
      'DELETE',
      path(name),
      credentials,
    );
    return { environment: body.environment, done: status === 200 };
  }

  private async call<T>(
    method: string,
    route: string,
    credentials: BackstageCredentials,
    body?: object,
  ): Promise<T> {
    return (await this.send<T>(method, route, credentials, body)).body;
  }

  private async send<T>(
    method: string,
    route: string,
    credentials: BackstageCredentials,
    body?: object,
  ): Promise<{ status: number; body: T }> {
    const { discovery, auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'environments',
    });
    const response = await fetch(
      `${await discovery.getBaseUrl('environments')}${route}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body && { 'Content-Type': 'application/json' }),
        },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      },
    );
    if (!response.ok) throw await apiError(response);
    return { status: response.status, body: (await response.json()) as T };
  }
}

function path(name: string): string {
  return `/environments/${encodeURIComponent(name)}`;
}

/** The API's refusal as the matching error, with its message (which names the field or the fix). */
async function apiError(response: Response): Promise<Error> {
  const error = await ResponseError.fromResponse(response);
  const message = `Environments API: ${
    error.body?.error?.message ?? error.message
  }`;
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(`${message} (${response.status})`);
  }
}
