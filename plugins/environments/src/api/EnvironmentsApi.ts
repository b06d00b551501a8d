import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EnvironmentEvent,
  EnvironmentView,
  MonthlyCostReport,
} from '@runway/plugin-environments-common';

/** Whose environments to list: the caller's, their teams', or everyone's. */
export type EnvironmentsFilter = 'mine' | 'team' | 'all';

export interface ListEnvironmentsOptions {
  filter: EnvironmentsFilter;
  /** Only environments running this component (an entity ref). */
  entityRef?: string;
  includeDestroyed?: boolean;
}

export type EnvironmentDetails = EnvironmentView & {
  events: EnvironmentEvent[];
};

export interface ExtendResult {
  environment: EnvironmentView;
  /** The maximum lifetime cut the extension short. */
  capped: boolean;
}

export interface DestroyResult {
  environment: EnvironmentView;
  /** False when the teardown continues in the background (HTTP 202). */
  finished: boolean;
}

/** The environments backend (`/api/environments`), as the frontend uses it. */
export interface EnvironmentsApi {
  listEnvironments(
    options: ListEnvironmentsOptions,
  ): Promise<EnvironmentView[]>;
  getEnvironment(name: string): Promise<EnvironmentDetails>;
  extendEnvironment(name: string, days: number): Promise<ExtendResult>;
  /** Records activity, so the idle teardown leaves the environment alone. */
  keepAlive(name: string): Promise<EnvironmentView>;
  destroyEnvironment(name: string): Promise<DestroyResult>;
  getMonthlyCost(options?: {
    team?: string;
    month?: string;
  }): Promise<MonthlyCostReport>;
}

export const environmentsApiRef = createApiRef<EnvironmentsApi>().with({
  id: 'plugin.environments.api',
  pluginId: 'environments',
});
