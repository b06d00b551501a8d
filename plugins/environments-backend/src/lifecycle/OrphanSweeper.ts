import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { environmentNameProblem } from '@runway/plugin-environments-common';
import {
  EnvironmentTeardown,
  environmentDirectory,
} from '@runway/plugin-environments-node';
import { Clock } from '../clock';
import { EnvironmentStore } from '../database/EnvironmentStore';

export interface OrphanSweepResult {
  removed: string[];
  failed: string[];
}

/**
 * Finds the delivered environments (GitOps: folders `environments/<name>/`) that no lease tracks,
 * none or only a destroyed one, and tears them down (reason `orphan`), warned, audited
 * (`environment-orphan-removed`). Only folders whose name is a valid environment name are
 * considered; nothing else is touched.
 *
 * A create records its lease (`provisioning`) before it delivers, so a folder without a live
 * lease is no create in flight. Still, a folder is removed only once it was seen orphaned in two
 * sweeps at least `graceMinutes` apart, and its lease is looked up again just before: a folder
 * someone just restored, or a lease recorded in between, is left alone.
 * The first sightings are held in memory: a restarted backend (or another replica) starts its
 * grace period afresh, which only delays a removal.
 */
export class OrphanSweeper {
  private readonly firstSeen = new Map<string, Date>();

  constructor(
    private readonly deps: {
      store: Pick<EnvironmentStore, 'getByName'>;
      teardown: EnvironmentTeardown;
      clock: Clock;
      logger: LoggerService;
      auditor: AuditorService;
      /** Default 60. */
      graceMinutes?: number;
    },
  ) {}

  async sweep(): Promise<OrphanSweepResult> {
    const { teardown, clock } = this.deps;
    const result: OrphanSweepResult = { removed: [], failed: [] };
    if (!teardown.listDelivered) return result;
    const now = clock.now();
    const graceMs = (this.deps.graceMinutes ?? 60) * 60_000;
    const names = (await teardown.listDelivered()).filter(
      name => environmentNameProblem(name) === undefined,
    );
    for (const name of this.firstSeen.keys()) {
      if (!names.includes(name)) this.firstSeen.delete(name);
    }
    for (const name of names) {
      if ((await this.leaseOf(name)) === 'live') {
        this.firstSeen.delete(name);
        continue;
      }
      const seen = this.firstSeen.get(name);
      if (!seen) {
        this.firstSeen.set(name, now);
        continue;
      }
      if (now.getTime() - seen.getTime() < graceMs) continue;
      // Again, just before the removal: a lease recorded since the first look keeps the folder.
      const lease = await this.leaseOf(name);
      if (lease === 'live') {
        this.firstSeen.delete(name);
        continue;
      }
      if (await this.remove(name, lease)) {
        this.firstSeen.delete(name);
        result.removed.push(name);
      } else {
        // Tried again after another grace period, not every sweep (each try writes to GitHub
        // and to the audit log).
        this.firstSeen.set(name, now);
        result.failed.push(name);
      }
    }
    return result;
  }

  private async leaseOf(name: string): Promise<'live' | 'none' | 'destroyed'> {
    const lease = await this.deps.store.getByName(name);
    if (!lease) return 'none';
    return lease.state === 'destroyed' ? 'destroyed' : 'live';
  }

  private async remove(
    name: string,
    lease: 'none' | 'destroyed',
  ): Promise<boolean> {
    const { teardown, logger, auditor } = this.deps;
    const folder = environmentDirectory(name);
    logger.warn(
      `orphan environment folder ${folder}: ${
        lease === 'none' ? 'no lease' : 'its lease is destroyed'
      }; removing`,
    );
    const event = await auditor.createEvent({
      eventId: 'environment-orphan-removed',
      severityLevel: 'medium',
      meta: { environment: name, folder, lease },
    });
    try {
      await teardown.teardown({ name, teardownReason: 'orphan' });
      await event.success();
      return true;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      logger.warn(
        `orphan environment folder ${folder}: removal failed, tried again in an hour: ${error.message}`,
      );
      await event.fail({ error });
      return false;
    }
  }
}
