/**
 * Gathers the records measured impact is computed from, live, from the plugins that keep them:
 * asked as this plugin (a service: each plugin answers it in full), over their own REST APIs, never
 * their tables. A plugin that does not answer leaves its figures unmeasured and is named in
 * `gaps`; the others still count. Gathered records are kept for 15 seconds, and one gathering at
 * a time serves every request that arrives meanwhile, so the page's filters and the home cards
 * do not make every plugin answer again.
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
/** Gathered records serve every request for this long: live enough, and one crawl at a time. */
export const KEEP_MS = 15_000;
/** Nothing older is read: no period the API answers reaches further back. */
export const HORIZON_DAYS = 732;
const DAY = 86_400_000;

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
      const kept = { at: now, value: this.gatherNow(new Date(now)) };
      this.kept = kept;
      // A failed gathering is not kept: the next request asks again.
      kept.value.catch(() => {
        if (this.kept === kept) this.kept = undefined;
      });
    }
    return this.kept.value;
  }

  private async gatherNow(now: Date): Promise<GatheredRecords> {
    const horizon = new Date(now.getTime() - HORIZON_DAYS * DAY);
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
        source('scaffolder', () => this.tasks(horizon), []),
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
        this.deps.deployments.since(horizon),
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

  /** The scaffolder's tasks since `horizon`, newest first, page by page. */
  private async tasks(horizon: Date): Promise<any[]> {
    const all: any[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.get(
        'scaffolder',
        `/v2/tasks?limit=${PAGE}&offset=${offset}&order=desc:created_at`,
      );
      const recent = page.tasks.filter(
        (t: { createdAt: string }) => new Date(t.createdAt) >= horizon,
      );
      all.push(...recent);
      if (page.tasks.length < PAGE || recent.length < page.tasks.length) {
        // A task created while paging shifts the pages by one: keep each task once.
        return [...new Map(all.map(t => [t.id, t])).values()];
      }
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
