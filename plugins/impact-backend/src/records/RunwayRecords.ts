/**
 * Gathers the records measured impact is computed from, live, from the plugins that keep them:
 * asked as this plugin (a service: each plugin answers it in full), over their own REST APIs, never
 * their tables. A plugin that does not answer leaves its figures unmeasured and is named in
 * `gaps`; the others still count. Gathered records are kept for a few seconds, so the page's
 * filters and the home cards do not ask every plugin again.
 */
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ImpactRecords } from '@runway/plugin-impact-common';
import { DeploymentStore } from '../deployments/DeploymentStore';
import {
  deploymentsOf,
  hiresOf,
  leasesOf,
  peopleOf,
  provisioningOf,
  repositoryOwners,
  runsOf,
} from './mappers';

const PAGE = 500;
const KEEP_MS = 10_000;

export interface GatheredRecords {
  records: ImpactRecords;
  /** The sources that did not answer, and why. */
  gaps: string[];
}

export class RunwayRecords {
  private kept?: { at: number; value: Promise<GatheredRecords> };

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      catalog: CatalogService;
      deployments: DeploymentStore;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  gather(): Promise<GatheredRecords> {
    const now = (this.deps.now ?? Date.now)();
    if (!this.kept || now - this.kept.at > KEEP_MS) {
      const value = this.gatherNow();
      this.kept = { at: now, value };
      // A failed gathering is not kept: the next request asks again.
      value.catch(() => (this.kept = undefined));
    }
    return this.kept.value;
  }

  private async gatherNow(): Promise<GatheredRecords> {
    const gaps: string[] = [];
    const source = async <T>(name: string, read: () => Promise<T>, none: T) => {
      try {
        return await read();
      } catch (error) {
        const message = `${name}: ${(error as Error).message}`;
        this.deps.logger.warn(`Impact: ${message}`);
        gaps.push(message);
        return none;
      }
    };
    const [tasks, followups, environments, hires, components, users, deps] =
      await Promise.all([
        source('scaffolder', () => this.tasks(), []),
        source(
          'delivery',
          async () => (await this.get('delivery', '/followups')).items,
          [],
        ),
        source(
          'environments',
          async () =>
            (
              await this.get(
                'environments',
                '/environments?filter=all&includeDestroyed=true',
              )
            ).items,
          [],
        ),
        source(
          'onboarding',
          async () => (await this.get('onboarding', '/lead-times')).hires,
          [],
        ),
        source(
          'catalog',
          () =>
            this.entities('Component', ['metadata.annotations', 'spec.owner']),
          [],
        ),
        source(
          'catalog',
          () =>
            this.entities('User', [
              'metadata.name',
              'metadata.namespace',
              'relations',
            ]),
          [],
        ),
        this.deps.deployments.since(new Date(0)),
      ]);
    const currency =
      environments.find((e: { currency?: string }) => e.currency)?.currency ??
      '';
    return {
      records: {
        runs: runsOf(tasks),
        provisioning: provisioningOf(followups ?? []),
        environments: leasesOf(environments ?? []),
        hires: hiresOf(hires ?? []),
        deployments: deploymentsOf(deps, repositoryOwners(components)),
        people: peopleOf(users),
        currency,
      },
      gaps: [...new Set(gaps)],
    };
  }

  /** Every scaffolder task, page by page. */
  private async tasks(): Promise<any[]> {
    const all: any[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.get(
        'scaffolder',
        `/v2/tasks?limit=${PAGE}&offset=${offset}`,
      );
      all.push(...page.tasks);
      if (page.tasks.length < PAGE) return all;
    }
  }

  private async entities(kind: string, fields: string[]): Promise<any[]> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind }, fields: ['kind', ...fields] },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  private async get(pluginId: string, path: string): Promise<any> {
    const { auth, discovery } = this.deps;
    const [base, { token }] = await Promise.all([
      discovery.getBaseUrl(pluginId),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: pluginId,
      }),
    ]);
    const response = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}`);
    }
    return response.json();
  }
}
