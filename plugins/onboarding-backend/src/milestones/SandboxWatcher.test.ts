import { mockServices } from '@backstage/backend-test-utils';
import {
  aHire,
  minutes,
  newHireDatabases,
  runFor,
  storeOn,
} from '../__testUtils__/newHire';
import { HireRuns } from './HireRuns';
import { MilestoneStore } from './MilestoneStore';
import { Sandbox, SandboxWatcher } from './SandboxWatcher';

const databases = newHireDatabases();

describe.each(databases.eachSupportedId())('SandboxWatcher on %s', id => {
  it('records "sandbox ready" at the lease’s ready event, once, for the hires whose sandbox is active', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const ada = await runFor(store, aHire('Ada-L'), { at: minutes(0) });
    const grace = await runFor(store, aHire('grace-h'), { at: minutes(0) });
    const notStarted = await runFor(store, aHire('linus-t'), {
      started: false,
    });
    const sandboxes: Sandbox[] = [
      {
        name: 'sandbox-ada-l',
        ownerUser: 'user:default/ada-l',
        state: 'active',
        createdAt: minutes(3).toISOString(),
      },
      {
        name: 'sandbox-grace-h',
        ownerUser: 'user:default/grace-h',
        state: 'provisioning',
        createdAt: minutes(4).toISOString(),
      },
      {
        name: 'sandbox-linus-t',
        ownerUser: 'user:default/linus-t',
        state: 'active',
        createdAt: minutes(4).toISOString(),
      },
    ];
    const asked: string[] = [];
    const milestones = new MilestoneStore(knex);
    const watcher = new SandboxWatcher({
      runs: new HireRuns(knex),
      milestones,
      logger: mockServices.logger.mock(),
      environments: {
        sandboxes: async () => sandboxes,
        readyAt: async name => {
          asked.push(name);
          return name === 'sandbox-ada-l' ? minutes(9) : undefined;
        },
      },
    });

    expect(await watcher.check()).toBe(1);
    expect(await milestones.list(ada.id)).toEqual([
      {
        kind: 'sandbox-ready',
        reachedAt: minutes(9),
        detail: 'sandbox-ada-l',
        url: undefined,
      },
    ]);
    expect(await milestones.list(grace.id)).toEqual([]);
    // A run that has not started its task has no sandbox coming yet.
    expect(await milestones.list(notStarted.id)).toEqual([]);

    // Grace's becomes active; Ada's is no longer asked about.
    sandboxes[1].state = 'active';
    asked.length = 0;
    expect(await watcher.check()).toBe(1);
    expect(asked).toEqual(['sandbox-grace-h']);
    expect((await milestones.list(grace.id))[0].reachedAt).toEqual(minutes(4));
  });

  it('asks the environments API nothing when nobody is waiting', async () => {
    const knex = await databases.init(id);
    await storeOn(knex);
    const sandboxes = jest.fn();
    const watcher = new SandboxWatcher({
      runs: new HireRuns(knex),
      milestones: new MilestoneStore(knex),
      logger: mockServices.logger.mock(),
      environments: { sandboxes, readyAt: jest.fn() },
    });
    expect(await watcher.check()).toBe(0);
    expect(sandboxes).not.toHaveBeenCalled();
  });
});
