import {
  T0,
  aHire,
  newHireDatabases,
  runFor,
  storeOn,
} from '../__testUtils__/newHire';
import { MilestoneStore } from '../milestones/MilestoneStore';
import { FirstDayTaskStore } from '../tasks/FirstDayTaskStore';
import { RunPruner } from './RunPruner';

const databases = newHireDatabases();
const DAY = 86_400_000;
const daysAfter = (days: number) => new Date(T0.getTime() + days * DAY);

describe.each(databases.eachSupportedId())('RunPruner on %s', id => {
  it('deletes deliveries and finished runs older than the retention, keeping each person’s latest cycle', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const ada = aHire('ada-l');
    // Ada: hired, left, hired again, left again; all long ago.
    const join1 = await runFor(store, ada, { at: daysAfter(0) });
    const leave1 = await runFor(store, ada, {
      at: daysAfter(10),
      kind: 'offboard',
    });
    const join2 = await runFor(store, ada, { at: daysAfter(20) });
    const leave2 = await runFor(store, ada, {
      at: daysAfter(30),
      kind: 'offboard',
    });
    // Grace: one old run (her latest), Linus: old but still waiting to start.
    const grace = await runFor(store, aHire('grace-h'), { at: daysAfter(1) });
    const linus = await runFor(store, aHire('linus-t'), {
      at: daysAfter(1),
      started: false,
    });
    const linusLeaves = await runFor(store, aHire('linus-t'), {
      at: daysAfter(2),
      kind: 'offboard',
      started: false,
    });
    // Recent: Priya, hired yesterday.
    const priya = await runFor(store, aHire('priya-r'), { at: daysAfter(399) });
    const tasks = new FirstDayTaskStore(knex);
    const milestones = new MilestoneStore(knex);
    await tasks.list(join1.id, ['Badge']);
    await milestones.reach(
      join1.id,
      { kind: 'first-pr', reachedAt: daysAfter(1) },
      daysAfter(1),
    );

    const pruned = await new RunPruner(knex, 365).prune(daysAfter(400));

    const left = (await store.listRuns()).map(r => r.id).sort();
    expect(left).toEqual(
      [
        join2.id,
        leave2.id,
        grace.id,
        linus.id,
        linusLeaves.id,
        priya.id,
      ].sort(),
    );
    expect(left).not.toContain(join1.id);
    expect(left).not.toContain(leave1.id);
    // Linus's onboarding is not his latest run, but it is still waiting to start.
    expect(pruned).toEqual({ runs: 2, deliveries: 7 });
    expect(
      await knex('onboarding_first_day_tasks').where({ run_id: join1.id }),
    ).toEqual([]);
    expect(await milestones.list(join1.id)).toEqual([]);
    expect(
      (await knex('onboarding_deliveries').select('delivery_id')).map(
        d => d.delivery_id,
      ),
    ).toEqual([`hr:onboard-${priya.idpUserId}-${daysAfter(399).getTime()}`]);

    // A second pass finds nothing more to delete.
    expect(await new RunPruner(knex, 365).prune(daysAfter(400))).toEqual({
      runs: 0,
      deliveries: 0,
    });
  });
});
