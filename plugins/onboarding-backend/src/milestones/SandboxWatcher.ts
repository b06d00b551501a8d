/**
 * The "sandbox ready" milestone: the hire's environment of type `sandbox` (owned by their User
 * entity, `user:default/<login>`) became active. The environments plugin publishes no event for
 * it, so a scheduled check asks its API for the sandboxes of the hires still waiting; the
 * milestone's time is the lease's own `ready` event, so how often it is checked does not change
 * the lead time.
 */
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { HireRuns } from './HireRuns';
import { MilestoneStore } from './MilestoneStore';

/** A sandbox as the environments API lists it (only what this reads). */
export interface Sandbox {
  name: string;
  /** The engineer's User entity ref. */
  ownerUser?: string;
  state: string;
  createdAt: string;
}

export interface SandboxReader {
  /** The environments of type `sandbox` that are not destroyed. */
  sandboxes(): Promise<Sandbox[]>;
  /** When the sandbox became active (its `ready` event), if it has. */
  readyAt(name: string): Promise<Date | undefined>;
}

/** States in which a sandbox has been delivered. */
const READY_STATES = ['active', 'expiring'];

export class SandboxWatcher {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      runs: HireRuns;
      milestones: MilestoneStore;
      environments: SandboxReader;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Records the milestone for every waiting hire whose sandbox is active; answers how many. */
  async check(): Promise<number> {
    const { runs, milestones, environments, logger } = this.deps;
    const waiting = await runs.waitingFor('sandbox-ready');
    if (waiting.length === 0) return 0;
    const sandboxes = (await environments.sandboxes()).filter(s =>
      READY_STATES.includes(s.state),
    );
    let reached = 0;
    for (const run of waiting) {
      // No login yet (an incomplete person): no sandbox can be theirs.
      if (!run.person.githubLogin) continue;
      const owner = `user:default/${run.person.githubLogin}`.toLocaleLowerCase(
        'en-US',
      );
      const sandbox = sandboxes.find(
        s => s.ownerUser?.toLocaleLowerCase('en-US') === owner,
      );
      if (!sandbox) continue;
      const readyAt =
        (await environments.readyAt(sandbox.name)) ??
        new Date(sandbox.createdAt);
      // A sandbox older than this onboarding is not what it made.
      if (readyAt.getTime() < run.createdAt.getTime()) continue;
      await milestones.reach(
        run.id,
        { kind: 'sandbox-ready', reachedAt: readyAt, detail: sandbox.name },
        this.now(),
      );
      logger.info(
        `Onboarding run ${run.id}: sandbox-ready at ${readyAt.toISOString()} (${
          sandbox.name
        })`,
      );
      reached++;
    }
    return reached;
  }
}

/** The environments plugin's API, as the onboarding plugin's own service. */
export class EnvironmentsApiSandboxes implements SandboxReader {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async sandboxes(): Promise<Sandbox[]> {
    const { items } = await this.get<{
      items: Array<Sandbox & { type: string }>;
    }>('/environments');
    return items.filter(env => env.type === 'sandbox');
  }

  async readyAt(name: string): Promise<Date | undefined> {
    const { events } = await this.get<{
      events?: Array<{ type: string; at: string }>;
    }>(`/environments/${encodeURIComponent(name)}`);
    const ready = events?.find(e => e.type === 'ready');
    return ready ? new Date(ready.at) : undefined;
  }

  private async get<T>(path: string): Promise<T> {
    const { auth, discovery } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'environments',
    });
    const base = await discovery.getBaseUrl('environments');
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      throw new Error(
        `the environments API answered GET ${path} with ${res.status}: ${(
          await res.text()
        ).slice(0, 300)}`,
      );
    }
    return (await res.json()) as T;
  }
}
