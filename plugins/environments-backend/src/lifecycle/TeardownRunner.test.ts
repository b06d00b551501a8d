import { mockServices } from '@backstage/backend-test-utils';
import {
  EnvironmentTeardown,
  TeardownTarget,
} from '@runway/plugin-environments-node';
import { systemClock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
} from '../database/EnvironmentStore';
import { START, newEnvironment } from '../__testUtils__/fixtures';
import { TeardownRunner } from './TeardownRunner';

const record = (name: string): EnvironmentRecord =>
  ({
    ...newEnvironment({ name }),
    id: `id-${name}`,
    state: 'tearing-down',
    createdAt: START,
    teardownStartedAt: START,
    teardownReason: 'expired',
  } as EnvironmentRecord);

/** A teardown whose calls hang until the test releases them, counting how many run at once. */
class HangingTeardown implements EnvironmentTeardown {
  calls: TeardownTarget[] = [];
  running = 0;
  mostAtOnce = 0;
  private releases: Array<() => void> = [];

  async teardown(target: TeardownTarget) {
    this.calls.push(target);
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    // Like a request that never answers: ignores the abort until released.
    await new Promise<void>(resolve => this.releases.push(resolve));
    this.running--;
  }

  release() {
    this.releases.splice(0).forEach(r => r());
  }
}

function runner(teardown: EnvironmentTeardown, maxDurationMs: number) {
  const store = {
    recordTeardowns: jest.fn(async () => {}),
  } as unknown as EnvironmentStore;
  return {
    store,
    runner: new TeardownRunner({
      store,
      teardown,
      clock: systemClock,
      logger: mockServices.logger.mock(),
      maxDurationMs,
    }),
  };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise(r => setImmediate(r));
}

describe('TeardownRunner', () => {
  it('gives up on a hung teardown at its deadline, aborts it, and never runs a second one of that environment alongside', async () => {
    const teardown = new HangingTeardown();
    const { runner: first, store } = runner(teardown, 50);
    const env = record('hung-1');

    const outcome = await first.run([env]);

    expect(outcome.destroyed).toEqual([]);
    expect(outcome.failed.map(f => f.error.message)).toEqual([
      'the teardown of environment hung-1 did not finish within 50 ms; it was abandoned',
    ]);
    expect(store.recordTeardowns).toHaveBeenCalledTimes(1);
    expect(teardown.calls).toHaveLength(1);
    expect(teardown.calls[0].signal?.aborted).toBe(true);

    // Claimed again (e.g. by the sweeper) while the first request still hangs: it waits.
    const { runner: second } = runner(teardown, 60_000);
    const again = second.run([env]);
    await new Promise(r => setImmediate(r));
    expect(teardown.calls).toHaveLength(1);

    teardown.release();
    await until(() => teardown.calls.length === 2);
    teardown.release();
    expect((await again).destroyed.map(e => e.name)).toEqual(['hung-1']);
    expect(teardown.mostAtOnce).toBe(1);
  });
});
