import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { OnboardingStore, RunRequest } from './OnboardingStore';

// SQLite always; the machine's PostgreSQL too when scripts/test.sh found one.
const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
  | TestDatabaseId
  | undefined;
const databases = TestDatabases.create({
  ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
});

const NOW = new Date('2026-12-02T10:00:00Z');
const ask = (deliveryId: string, idpUserId = '00u-ada'): RunRequest => ({
  deliveryId,
  idpUserId,
  kind: 'onboard',
  source: 'okta',
});

describe.each(databases.eachSupportedId())('OnboardingStore on %s', id => {
  async function store() {
    const knex = await databases.init(id);
    return OnboardingStore.create({
      database: { getClient: async () => knex },
    });
  }

  it('makes one run per person, whatever arrives at once, and knows a delivery seen before', async () => {
    const s = await store();
    const outcomes = await Promise.all(
      ['d-1', 'd-1', 'd-2', 'd-3', 'd-2'].map(d => s.request(ask(d), NOW)),
    );
    const counts = outcomes.reduce<Record<string, number>>((acc, o) => {
      acc[o.outcome] = (acc[o.outcome] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ created: 1, existing: 2, replayed: 2 });
    expect(await s.listRuns()).toHaveLength(1);
    // Offboarding the same person is another run.
    expect(
      (await s.request({ ...ask('d-4'), kind: 'offboard' }, NOW)).outcome,
    ).toBe('created');
  });

  it('starts a new cycle when a person who left is hired again, and leaves again', async () => {
    const s = await store();
    const at = (minute: number) => new Date(NOW.getTime() + minute * 60_000);
    const ask2 = (
      deliveryId: string,
      kind: 'onboard' | 'offboard',
      minute: number,
    ) => s.request({ ...ask(deliveryId), kind }, at(minute));
    const outcomes = [
      (await ask2('create', 'onboard', 0)).outcome,
      (await ask2('activate', 'onboard', 1)).outcome,
      (await ask2('deactivate', 'offboard', 2)).outcome,
      (await ask2('delete', 'offboard', 3)).outcome,
      (await ask2('reactivate', 'onboard', 4)).outcome,
      (await ask2('create', 'onboard', 5)).outcome,
      (await ask2('deactivate-2', 'offboard', 6)).outcome,
    ];
    expect(outcomes).toEqual([
      'created',
      'existing',
      'created',
      'existing',
      'created',
      'replayed',
      'created',
    ]);
    const runs = (await s.listRuns()).map(r => r.kind).reverse();
    expect(runs).toEqual(['onboard', 'offboard', 'onboard', 'offboard']);
    expect((await s.findRun('00u-ada', 'onboard'))?.createdAt).toEqual(at(4));
  });

  it('lets one worker claim a run until its hold ends', async () => {
    const s = await store();
    const created = await s.request(ask('d-1'), NOW);
    if (created.outcome !== 'created') throw new Error('not created');
    const claims = await Promise.all(
      [1, 2, 3].map(() => s.claim(created.run.id, NOW, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.claimable(NOW)).toEqual([]);
    const later = new Date(NOW.getTime() + 61_000);
    expect((await s.claimable(later)).map(r => r.id)).toEqual([created.run.id]);
    await s.markStarted(
      created.run.id,
      'task-1',
      { idpUserId: '00u-ada' } as any,
      NOW,
    );
    expect(await s.claim(created.run.id, later, 60_000)).toBeUndefined();
    expect(await s.getRun(created.run.id)).toMatchObject({
      state: 'started',
      taskId: 'task-1',
      attempts: 1,
    });
  });
});
