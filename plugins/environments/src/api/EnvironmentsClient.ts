import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  EnvironmentView,
  MonthlyCostReport,
} from '@runway/plugin-environments-common';
import {
  DestroyResult,
  EnvironmentDetails,
  EnvironmentsApi,
  ExtendResult,
  ListEnvironmentsOptions,
} from './EnvironmentsApi';

/** A refused or failed request, carrying the backend's own explanation as its message. */
export class EnvironmentsRequestError extends Error {
  readonly status: number;
  /** The backend's error name, e.g. NotAllowedError or ConflictError. */
  readonly reason: string;

  constructor(message: string, status: number, reason: string) {
    super(message);
    this.name = 'EnvironmentsRequestError';
    this.status = status;
    this.reason = reason;
  }

  static async fromResponse(response: Response) {
    const error = await ResponseError.fromResponse(response);
    return new EnvironmentsRequestError(
      error.cause.message || error.message,
      error.statusCode,
      error.cause.name,
    );
  }
}

export class EnvironmentsClient implements EnvironmentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listEnvironments(
    options: ListEnvironmentsOptions,
  ): Promise<EnvironmentView[]> {
    const query = new URLSearchParams({ filter: options.filter });
    if (options.entityRef) query.set('entityRef', options.entityRef);
    if (options.includeDestroyed) query.set('includeDestroyed', 'true');
    const { body } = await this.request<{ items: EnvironmentView[] }>(
      `/environments?${query}`,
    );
    return body.items;
  }

  async getEnvironment(name: string): Promise<EnvironmentDetails> {
    const { body } = await this.request<EnvironmentDetails>(
      `/environments/${encodeURIComponent(name)}`,
    );
    return body;
  }

  async extendEnvironment(name: string, days: number): Promise<ExtendResult> {
    const { body } = await this.request<ExtendResult>(
      `/environments/${encodeURIComponent(name)}/extend`,
      { method: 'POST', body: { days } },
    );
    return body;
  }

  async keepAlive(name: string): Promise<EnvironmentView> {
    const { body } = await this.request<{ environment: EnvironmentView }>(
      `/environments/${encodeURIComponent(name)}/activity`,
      { method: 'POST', body: { kind: 'keep-alive' } },
    );
    return body.environment;
  }

  async destroyEnvironment(name: string): Promise<DestroyResult> {
    const { body, status } = await this.request<{
      environment: EnvironmentView;
    }>(`/environments/${encodeURIComponent(name)}`, { method: 'DELETE' });
    return { environment: body.environment, finished: status !== 202 };
  }

  async getMonthlyCost(
    options: { team?: string; month?: string } = {},
  ): Promise<MonthlyCostReport> {
    const query = new URLSearchParams();
    if (options.team) query.set('team', options.team);
    if (options.month) query.set('month', options.month);
    const { body } = await this.request<MonthlyCostReport>(`/cost?${query}`);
    return body;
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ body: T; status: number }> {
    const baseUrl = await this.discoveryApi.getBaseUrl('environments');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) {
      throw await EnvironmentsRequestError.fromResponse(response);
    }
    return { body: (await response.json()) as T, status: response.status };
  }
}
