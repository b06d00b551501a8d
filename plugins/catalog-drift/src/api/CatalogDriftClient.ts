import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CatalogDriftApi,
  DriftCheckResult,
  DriftKind,
  DriftReport,
} from './CatalogDriftApi';

/** A refused or failed request, carrying the backend's own explanation as its message. */
export class CatalogDriftRequestError extends Error {
  readonly status: number;
  /** The backend's error name, e.g. NotAllowedError or InputError. */
  readonly reason: string;

  constructor(message: string, status: number, reason: string) {
    super(message);
    this.name = 'CatalogDriftRequestError';
    this.status = status;
    this.reason = reason;
  }

  static async fromResponse(response: Response) {
    const error = await ResponseError.fromResponse(response);
    return new CatalogDriftRequestError(
      error.cause.message || error.message,
      error.statusCode,
      error.cause.name,
    );
  }
}

/** The catalog-drift backend, through the user's token (fetchApi adds it). */
export class CatalogDriftClient implements CatalogDriftApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getProblems(options: { kind?: DriftKind } = {}): Promise<DriftReport> {
    const query = options.kind
      ? `?kind=${encodeURIComponent(options.kind)}`
      : '';
    return this.request<DriftReport>('GET', `/problems${query}`);
  }

  async runCheck(): Promise<DriftCheckResult> {
    return this.request<DriftCheckResult>('POST', '/check');
  }

  private async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('catalog-drift');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
    });
    if (!response.ok) {
      throw await CatalogDriftRequestError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
