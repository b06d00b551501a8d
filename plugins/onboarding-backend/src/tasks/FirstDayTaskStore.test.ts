import {
  T0,
  aHire,
  minutes,
  newHireDatabases,
  runFor,
  storeOn,
} from '../__testUtils__/newHire';
import { FirstDayTaskStore } from './FirstDayTaskStore';

const databases = newHireDatabases();

describe.each(databases.eachSupportedId())('FirstDayTaskStore on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const run = await runFor(store, aHire('ada-l'));
    return { tasks: new FirstDayTaskStore(knex), run };
  }

  it('copies the configured tasks into the run once; a later config does not rewrite them', async () => {
    const { tasks, run } = await setup();
    const first = await Promise.all([
      tasks.list(run.id, ['Badge', 'Laptop']),
      tasks.list(run.id, ['Badge', 'Laptop']),
    ]);
    expect(first[0]).toEqual([
      { position: 0, title: 'Badge' },
      { position: 1, title: 'Laptop' },
    ]);
    expect(first[1]).toEqual(first[0]);
    expect(
      (await tasks.list(run.id, ['Something else'])).map(t => t.title),
    ).toEqual(['Badge', 'Laptop']);
  });

  it('ticks a task off once, keeping who and when; opens it again; knows no task outside the list', async () => {
    const { tasks, run } = await setup();
    await tasks.list(run.id, ['Badge', 'Laptop']);

    expect(
      await tasks.set(run.id, 1, true, 'user:default/ada-l', minutes(5)),
    ).toEqual({
      changed: true,
      task: {
        position: 1,
        title: 'Laptop',
        doneAt: minutes(5).toISOString(),
        doneBy: 'user:default/ada-l',
      },
    });
    // A retried tick changes nothing.
    expect(
      await tasks.set(run.id, 1, true, 'user:default/pat', minutes(9)),
    ).toMatchObject({
      changed: false,
      task: { doneAt: minutes(5).toISOString(), doneBy: 'user:default/ada-l' },
    });
    expect(
      await tasks.set(run.id, 1, false, 'user:default/ada-l', minutes(10)),
    ).toEqual({ changed: true, task: { position: 1, title: 'Laptop' } });
    expect(
      await tasks.set(run.id, 7, true, 'user:default/ada-l', T0),
    ).toBeUndefined();
  });
});
