import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  FirstDayTask,
  NewHire,
  OnboardingApi,
  OnboardingRun,
  RotationMember,
  ScaffolderTask,
  TaskEvent,
} from './OnboardingApi';

/** A refused or failed request, carrying the backend's own explanation as its message. */
export class OnboardingRequestError extends Error {
  readonly status: number;
  /** The backend's error name, e.g. NotAllowedError or ConflictError. */
  readonly reason: string;

  constructor(message: string, status: number, reason: string) {
    super(message);
    this.name = 'OnboardingRequestError';
    this.status = status;
    this.reason = reason;
  }

  static async fromResponse(response: Response) {
    const error = await ResponseError.fromResponse(response);
    return new OnboardingRequestError(
      error.cause.message || error.message,
      error.statusCode,
      error.cause.name,
    );
  }
}

/**
 * The onboarding backend's runs, and the scaffolder tasks they started, through the user's
 * token (fetchApi adds it).
 */
export class OnboardingClient implements OnboardingApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listRuns(): Promise<OnboardingRun[]> {
    const body = await this.request<{ runs: OnboardingRun[] }>(
      'onboarding',
      '/runs',
    );
    return body.runs;
  }

  async getNewHire(idpUserId: string): Promise<NewHire> {
    return this.request<NewHire>(
      'onboarding',
      `/hires/${encodeURIComponent(idpUserId)}`,
    );
  }

  async setFirstDayTask(
    idpUserId: string,
    position: number,
    done: boolean,
  ): Promise<FirstDayTask> {
    const body = await this.request<{ task: FirstDayTask }>(
      'onboarding',
      `/hires/${encodeURIComponent(idpUserId)}/first-day-tasks/${position}`,
      { method: 'PUT', body: { done } },
    );
    return body.task;
  }

  async getTask(taskId: string): Promise<ScaffolderTask> {
    return this.request<ScaffolderTask>(
      'scaffolder',
      `/v2/tasks/${encodeURIComponent(taskId)}`,
    );
  }

  async getTaskEvents(taskId: string): Promise<TaskEvent[]> {
    return this.request<TaskEvent[]>(
      'scaffolder',
      `/v2/tasks/${encodeURIComponent(taskId)}/events`,
    );
  }

  async getRotation(team: {
    namespace: string;
    name: string;
  }): Promise<RotationMember[]> {
    const body = await this.request<{ members: RotationMember[] }>(
      'onboarding',
      `/rotations/${encodeURIComponent(team.namespace)}/${encodeURIComponent(
        team.name,
      )}`,
    );
    return body.members;
  }

  async retryTask(taskId: string): Promise<void> {
    await this.request<unknown>(
      'scaffolder',
      `/v2/tasks/${encodeURIComponent(taskId)}/retry`,
      { method: 'POST', body: {} },
    );
  }

  private async request<T>(
    pluginId: 'onboarding' | 'scaffolder',
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) {
      throw await OnboardingRequestError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
