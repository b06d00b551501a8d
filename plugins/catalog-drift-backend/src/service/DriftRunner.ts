/**
 * Runs the check and records what it found. One run at a time per backend: a request for a run
 * while one is going gets that run's result (the schedule is global, so backends do not overlap
 * on it; a POST on another backend at the same moment only repeats the same answers).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { CheckOutcome, undecidedEntities } from '../check/problem';
import { DriftStore } from '../database/DriftStore';

export interface RunSummary {
  checkedAt: string;
  entities: number;
  problems: number;
  undecided: number;
}

export class DriftRunner {
  private running?: Promise<RunSummary>;

  constructor(
    private readonly options: {
      check: () => Promise<CheckOutcome>;
      store: DriftStore;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  run(): Promise<RunSummary> {
    if (!this.running) {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async runOnce(): Promise<RunSummary> {
    const outcome = await this.options.check();
    const now = (this.options.now ?? (() => new Date()))();
    await this.options.store.record(outcome, now);
    const summary = {
      checkedAt: now.toISOString(),
      entities: outcome.entities,
      problems: outcome.problems.length,
      undecided: undecidedEntities(outcome),
    };
    this.options.logger.info(
      `Catalogue drift: ${summary.problems} problem(s) in ${summary.entities} entities, ${summary.undecided} entities left undecided`,
    );
    return summary;
  }
}
