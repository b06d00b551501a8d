import { mockServices } from '@backstage/backend-test-utils';
import {
  EnvironmentTeardown,
  TeardownTarget,
} from '@runway/plugin-environments-node';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import { lifecycleOn, newEnvironment } from '../__testUtils__/fixtures';
import { DEFAULT_SETTINGS } from '../settings';
import { LifecycleSweeper } from './LifecycleSweeper';
import { OrphanSweeper } from './OrphanSweeper';

jest.setTimeout(60_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

/** A GitOps repository in memory: its folders, and the teardowns that removed them. */
class FakeDelivery implements EnvironmentTeardown {
  constructor(public folders: string[]) {}
  teardowns: TeardownTarget[] = [];
  /** Teardowns that fail before this one succeeds. */
  failures = 0;
  async listDelivered() {
    return [...this.folders];
  }
  async teardown(target: TeardownTarget) {
    this.teardowns.push(target);
    if (this.failures > 0) {
      this.failures--;
      throw new Error('GitHub is down');
    }
    this.folders = this.folders.filter(f => f !== target.name);
  }
}

describe.each(databases.eachSupportedId())('orphans on %s', databaseId => {
  async function setup(folders: string[]) {
    const lifecycle = await lifecycleOn(await databases.init(databaseId));
    const delivery = new FakeDelivery(folders);
    const logger = mockServices.logger.mock();
    const orphans = new OrphanSweeper({
      store: lifecycle.store,
      teardown: delivery,
      clock: lifecycle.clock,
      logger,
      auditor: lifecycle.auditor,
    });
    return { ...lifecycle, delivery, logger, orphans };
  }

  it('after a failed removal, waits another hour before trying again', async () => {
    const { orphans, delivery, clock } = await setup(['lost-one']);
    delivery.failures = 1;
    await orphans.sweep();
    clock.advanceHours(1);
    expect(await orphans.sweep()).toEqual({
      removed: [],
      failed: ['lost-one'],
    });
    clock.advanceHours(0.5);
    expect(await orphans.sweep()).toEqual({ removed: [], failed: [] });
    expect(delivery.teardowns).toHaveLength(1);
    clock.advanceHours(0.5);
    expect(await orphans.sweep()).toEqual({
      removed: ['lost-one'],
      failed: [],
    });
    expect(delivery.teardowns).toHaveLength(2);
  });

  it('removes and audits a folder no lease tracks, once seen orphaned an hour apart', async () => {
    const { orphans, delivery, clock, auditor, logger } = await setup([
      'lost-one',
    ]);

    expect(await orphans.sweep()).toEqual({ removed: [], failed: [] });
    clock.advanceHours(0.5);
    expect(await orphans.sweep()).toEqual({ removed: [], failed: [] });
    expect(delivery.teardowns).toEqual([]);

    clock.advanceHours(0.5);
    expect(await orphans.sweep()).toEqual({
      removed: ['lost-one'],
      failed: [],
    });
    expect(delivery.teardowns).toEqual([
      { name: 'lost-one', teardownReason: 'orphan' },
    ]);
    expect(delivery.folders).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'orphan environment folder environments/lost-one: no lease; removing',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'environment-orphan-removed',
      severityLevel: 'medium',
      meta: {
        environment: 'lost-one',
        folder: 'environments/lost-one',
        lease: 'none',
      },
    });
    const event = await (auditor.createEvent as jest.Mock).mock.results[0]
      .value;
    expect(event.success).toHaveBeenCalled();
  });

  it('keeps the folders of live and provisioning leases, and anything not named as an environment', async () => {
    const { orphans, delivery, store, clock } = await setup([
      'live-one',
      'still-provisioning',
      'Not_An_Environment',
      'stray',
    ]);
    await store.insert(newEnvironment({ name: 'live-one', state: 'active' }));
    await store.insert(
      newEnvironment({ name: 'still-provisioning', state: 'provisioning' }),
    );

    for (let i = 0; i < 3; i++) {
      await orphans.sweep();
      clock.advanceHours(2);
    }

    // Only the folder no lease tracks went.
    expect(delivery.teardowns.map(t => t.name)).toEqual(['stray']);
    expect(delivery.folders).toEqual([
      'live-one',
      'still-provisioning',
      'Not_An_Environment',
    ]);
  });

  it('keeps a folder whose lease was recorded after it was first seen orphaned', async () => {
    const { orphans, delivery, store, clock } = await setup(['late-lease']);
    await orphans.sweep();
    await store.insert(
      newEnvironment({ name: 'late-lease', state: 'provisioning' }),
    );
    clock.advanceHours(2);

    expect(await orphans.sweep()).toEqual({ removed: [], failed: [] });
    expect(delivery.teardowns).toEqual([]);
  });

  it('removes the folder a destroyed lease left behind', async () => {
    const { orphans, delivery, store, runner, clock, auditor } = await setup(
      [],
    );
    const env = (await store.insert(
      newEnvironment({ name: 'left-behind', state: 'active' }),
    ))!;
    const claimed = await store.claimTeardown(env.id, clock.now());
    await runner.run([claimed!]);
    expect(await store.getByName('left-behind')).toMatchObject({
      state: 'destroyed',
    });
    // Its pull request was merged after the teardown: the folder came back.
    delivery.folders = ['left-behind'];

    await orphans.sweep();
    clock.advanceHours(1);
    expect(await orphans.sweep()).toEqual({
      removed: ['left-behind'],
      failed: [],
    });
    expect(delivery.teardowns).toEqual([
      { name: 'left-behind', teardownReason: 'orphan' },
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'environment-orphan-removed',
        meta: expect.objectContaining({ lease: 'destroyed' }),
      }),
    );
  });

  it('runs in the lifecycle sweep', async () => {
    const { store, runner, notifier, clock, auditor, delivery, orphans } =
      await setup(['swept-orphan']);
    const sweeper = new LifecycleSweeper({
      store,
      runner,
      notifier,
      clock,
      logger: mockServices.logger.mock(),
      auditor,
      settings: DEFAULT_SETTINGS,
      orphans,
    });

    await sweeper.sweep();
    clock.advanceHours(1);
    await sweeper.sweep();

    expect(delivery.teardowns).toEqual([
      { name: 'swept-orphan', teardownReason: 'orphan' },
    ]);
  });
});
