import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { driftDatabases } from '../__testUtils__/databases';
import { FoundProblem } from '../check/problem';
import { DriftStore } from './DriftStore';

const databases = driftDatabases();
const directory = resolvePackagePath(
  '@runway/plugin-catalog-drift-backend',
  'migrations',
);

const T0 = new Date('2027-01-04T08:00:00Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

const ownerGone: FoundProblem = {
  kind: 'owner-missing',
  entityRef: 'component:default/ledger',
  message:
    'spec.owner is "platform", and the catalogue has no group:default/platform.',
  fix: 'Set spec.owner.',
};
const repoGone: FoundProblem = {
  kind: 'repository-missing',
  entityRef: 'component:default/cart',
  message: 'Its repository acme/cart does not exist.',
  fix: 'Unregister it.',
};

describe.each(databases.eachSupportedId())('DriftStore on %s', id => {
  let knex: Knex;
  let store: DriftStore;
  beforeEach(async () => {
    knex = await databases.init(id);
    store = await DriftStore.create({
      database: { getClient: async () => knex },
    });
  });

  it('reports nothing, and no check, before the first run', async () => {
    expect(await store.report()).toEqual({
      checkedAt: undefined,
      undecided: 0,
      undecidedReasons: [],
      problems: [],
    });
  });

  it('keeps when each problem was first and last seen, and forgets one that is gone', async () => {
    await store.record(
      { problems: [ownerGone], undecided: [], reasons: [], entities: 5 },
      T0,
    );
    await store.record(
      {
        problems: [ownerGone, repoGone],
        undecided: [],
        reasons: [],
        entities: 5,
      },
      hours(1),
    );
    expect(await store.report()).toEqual({
      checkedAt: hours(1).toISOString(),
      undecided: 0,
      undecidedReasons: [],
      problems: [
        {
          ...ownerGone,
          firstSeenAt: T0.toISOString(),
          lastSeenAt: hours(1).toISOString(),
        },
        {
          ...repoGone,
          firstSeenAt: hours(1).toISOString(),
          lastSeenAt: hours(1).toISOString(),
        },
      ],
    });
    // The owner is back: its problem disappears; the repository is still gone.
    await store.record(
      { problems: [repoGone], undecided: [], reasons: [], entities: 5 },
      hours(2),
    );
    const { problems } = await store.report();
    expect(problems.map(p => [p.kind, p.firstSeenAt, p.lastSeenAt])).toEqual([
      ['repository-missing', hours(1).toISOString(), hours(2).toISOString()],
    ]);
  });

  it('leaves a problem the run could not decide as it was', async () => {
    await store.record(
      { problems: [repoGone], undecided: [], reasons: [], entities: 2 },
      T0,
    );
    await store.record(
      {
        problems: [],
        undecided: [
          'repository-missing component:default/cart',
          'catalog-info-missing component:default/cart',
        ],
        reasons: ['Could not read acme/cart on github.com (GitHub 502).'],
        entities: 2,
      },
      hours(1),
    );
    // One entity, however many of its problems were left undecided, and why.
    expect((await store.report()).undecided).toBe(1);
    expect((await store.report()).undecidedReasons).toEqual([
      'Could not read acme/cart on github.com (GitHub 502).',
    ]);
    expect((await store.report()).problems).toEqual([
      {
        ...repoGone,
        firstSeenAt: T0.toISOString(),
        lastSeenAt: T0.toISOString(),
      },
    ]);
  });

  it('filters by kind', async () => {
    await store.record(
      {
        problems: [ownerGone, repoGone],
        undecided: [],
        reasons: [],
        entities: 2,
      },
      T0,
    );
    const { problems } = await store.report({ kind: 'repository-missing' });
    expect(problems.map(p => p.entityRef)).toEqual(['component:default/cart']);
  });

  it('migrates down and up again', async () => {
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('catalog_drift_problems')).toBe(false);
    expect(await knex.schema.hasTable('catalog_drift_checks')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('catalog_drift_problems')).toBe(true);
  });
});
