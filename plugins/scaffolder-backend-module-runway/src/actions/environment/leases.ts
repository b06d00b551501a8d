/**
 * The environments API as the provisioning action uses it: a dry run before anything is written
 * (is the name free, may this user create for this team), then the lease as `provisioning` before
 * the manifests are delivered, then `ready` once they are (a lease left provisioning is torn down
 * by the lifecycle job, so a failed delivery leaves nothing untracked). Calls are made on behalf of the user who runs the template, so the API applies its own
 * rules to them (owner team or platform team).
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
  ResponseError,
} from '@backstage/errors';
import {
  CreateEnvironmentRequest,
  EnvironmentView,
} from '@runway/plugin-environments-common';

export type LeaseCheck =
  | { outcome: 'new' }
  | { outcome: 'exists'; environment: EnvironmentView };

export class EnvironmentLeases {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** Every check the API makes, recording nothing; throws the API's 400/403/409 as it is. */
  async check(
    lease: CreateEnvironmentRequest,
    credentials: BackstageCredentials,
  ): Promise<LeaseCheck> {
    return this.post('/environments?dryRun=true', lease, credentials);
  }

  /** Records the lease; the same request again answers the lease it recorded. */
  async record(
    lease: CreateEnvironmentRequest,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView> {
    return this.post('/environments', lease, credentials);
  }

  /** The manifests are delivered: provisioning → active (an active one is answered as it is). */
  async ready(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentView> {
    const { environment } = await this.post<{ environment: EnvironmentView }>(
      `/environments/${encodeURIComponent(name)}/ready`,
      {},
      credentials,
    );
    return environment;
  }

  private async post<T>(
    path: string,
    body: object,
    credentials: BackstageCredentials,
  ): Promise<T> {
    const { discovery, auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'environments',
    });
    const response = await fetch(
      `${await discovery.getBaseUrl('environments')}${path}`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) throw await apiError(response);
    return (await response.json()) as T;
  }
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
    case 409:
      return new ConflictError(message);
    default:
      return new Error(`${message} (${response.status})`);
  }
}
