import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { OnboardingStore } from '../database/OnboardingStore';
import { UserRegistration } from './userEntity';

// SQLite always; the machine's PostgreSQL too when scripts/test.sh found one.
const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
  | TestDatabaseId
  | undefined;
const databases = TestDatabases.create({
  ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
});

const NOW = new Date('2026-12-03T10:00:00Z');
const ADA: UserRegistration = {
  idpUserId: '00u-ada',
  login: 'Ada-L',
  name: 'Ada Lovelace',
  email: 'ada@acme.example',
  team: 'group:default/payments',
  manager: 'user:default/grace-liu',
  buddy: 'user:default/priya-raman',
};

describe.each(databases.eachSupportedId())('UserStore on %s', id => {
  async function users() {
    const knex = await databases.init(id);
    const store = await OnboardingStore.create({
      database: { getClient: async () => knex },
    });
    return store.users();
  }

  it('registers a hire once, as a User of their team with manager and buddy', async () => {
    const s = await users();
    expect((await s.register(ADA, NOW)).changed).toBe(true);
    expect((await s.register(ADA, NOW)).changed).toBe(false);
    expect(await s.registered()).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: {
          name: 'Ada-L',
          namespace: 'default',
          description: 'Joined through Runway’s onboarding.',
          labels: { 'runway.dev/platform-only': 'true' },
          annotations: {
            'backstage.io/managed-by-location': 'runway-onboarding:00u-ada',
            'backstage.io/managed-by-origin-location':
              'runway-onboarding:00u-ada',
            'github.com/user-login': 'Ada-L',
            'runway.dev/idp-user-id': '00u-ada',
            'runway.dev/manager': 'user:default/grace-liu',
            'runway.dev/buddy': 'user:default/priya-raman',
          },
        },
        spec: {
          profile: { displayName: 'Ada Lovelace', email: 'ada@acme.example' },
          memberOf: ['group:default/payments'],
        },
      },
    ]);
  });

  it('updates the entity when the person moves team', async () => {
    const s = await users();
    await s.register(ADA, NOW);
    const moved = await s.register(
      { ...ADA, team: 'group:default/storefront' },
      NOW,
    );
    expect(moved.changed).toBe(true);
    expect((await s.registered())[0].spec.memberOf).toEqual([
      'group:default/storefront',
    ]);
  });

  it('refuses a login another registered person holds, whatever its case, and writes nothing', async () => {
    const s = await users();
    await s.register(ADA, NOW);
    await expect(
      s.register({ ...ADA, idpUserId: '00u-other', login: 'ada-l' }, NOW),
    ).rejects.toThrow(
      /login: ada-l is registered for another person \(identity provider id 00u-ada\)/,
    );
    expect(await s.get('00u-other')).toBeUndefined();
  });

  it.each([
    ['login', (i: number) => ({ email: `ada${i}@acme.example` })],
    ['e-mail', (i: number) => ({ login: `ada-${i}` })],
  ])(
    'lets exactly one of three people racing for the same %s have it',
    async (_, other) => {
      const s = await users();
      const results = await Promise.allSettled(
        ['00u-a', '00u-b', '00u-c'].map((idp, i) =>
          s.register({ ...ADA, idpUserId: idp, ...other(i) }, NOW),
        ),
      );
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter(x => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(
          ConflictError,
        );
      }
      expect(await s.registered()).toHaveLength(1);
    },
  );

  it('never provides an adopted entity again, and retires it on offboarding', async () => {
    const s = await users();
    await s.register(ADA, NOW);
    await s.adopt(['00u-ada'], NOW);
    expect(await s.registered()).toEqual([]);
    expect((await s.register(ADA, NOW)).changed).toBe(false);
    expect(await s.registered()).toEqual([]);
    expect(await s.retire('00u-ada', NOW)).toMatchObject({ changed: true });
  });

  it('retires once, keeps the row for the report, and frees the login', async () => {
    const s = await users();
    await s.register(ADA, NOW);
    expect(await s.retire('00u-ada', NOW)).toMatchObject({
      changed: true,
      user: { state: 'retired' },
    });
    expect(await s.retire('00u-ada', NOW)).toMatchObject({ changed: false });
    expect(await s.retire('00u-never', NOW)).toBeUndefined();
    expect(await s.registered()).toEqual([]);
    expect(
      (await s.register({ ...ADA, idpUserId: '00u-next' }, NOW)).changed,
    ).toBe(true);
  });
});
