import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import {
  START,
  addDays,
  addHours,
  newEnvironment,
} from '../__testUtils__/fixtures';
import { DatabaseEnvironmentStore } from './DatabaseEnvironmentStore';

jest.setTimeout(60_000);

const databases = testDatabases();
const migrationsDir = resolvePackagePath(
  '@runway/plugin-environments-backend',
  'migrations',
);

beforeAll(assertPostgresNotSkipped);

describe.each(databases.eachSupportedId())(
  'DatabaseEnvironmentStore on %s',
  databaseId => {
    it('migrates up and down', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('environments')).toBe(true);
      expect(await knex.schema.hasTable('environment_events')).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('environments')).toBe(false);
      expect(await knex.schema.hasTable('environment_events')).toBe(false);
    });

    it('keeps names unique among environments that are not destroyed, and lets a destroyed name be reused', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const first = await store.insert(newEnvironment());
      expect(first).toMatchObject({ name: 'pr-1-checkout', state: 'active' });
      expect(await store.insert(newEnvironment())).toBeUndefined();

      await store.claimTeardown(first!.id, addHours(START, 1));
      await store.recordTeardowns([first!.id], addHours(START, 1), []);
      const second = await store.insert(
        newEnvironment({ createdAt: addDays(START, 1) }),
      );
      expect(second!.id).not.toBe(first!.id);
      expect(await store.getByName('pr-1-checkout')).toMatchObject({
        id: second!.id,
        state: 'active',
      });
      // the first one's hours still count for its team
      const ran = await store.listRunningBetween(START, addDays(START, 2));
      expect(ran.map(e => e.id)).toEqual([first!.id, second!.id]);
    });

    it('round-trips timestamps, services and quotas', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const input = newEnvironment({
        services: [
          { entityRef: 'component:default/checkout-api', branch: 'feature/x' },
          { entityRef: 'component:default/ledger', branch: 'main' },
        ],
        urls: {
          'checkout-api': 'https://checkout-api.pr-1.staging.acme.example',
        },
      });
      await store.insert(input);
      const env = await store.getByName(input.name);
      expect(env).toEqual({
        ...input,
        id: expect.any(String),
        state: 'active',
        lastActivityAt: input.createdAt,
        warnedAt: undefined,
        teardownStartedAt: undefined,
        teardownReason: undefined,
        tornDownAt: undefined,
      });
    });

    it('extends only from the expiry it read, so two extensions cannot count from the same one', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const env = (await store.insert(newEnvironment()))!;
      const later = addDays(env.expiresAt, 1);
      expect(await store.extend(env.id, env.expiresAt, later)).toMatchObject({
        expiresAt: later,
      });
      expect(
        await store.extend(env.id, env.expiresAt, addDays(later, 1)),
      ).toBeUndefined();
    });

    it('records an environment and its created event in one transaction, and neither for a taken name', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const created = (record: { id: string; name: string }) => [
        {
          environmentId: record.id,
          environmentName: record.name,
          at: START,
          type: 'created' as const,
          actor: 'user:default/jane',
          details: {},
        },
      ];
      const env = (await store.insert(newEnvironment(), created))!;
      expect((await store.events(env.id)).map(e => e.type)).toEqual([
        'created',
      ]);
      expect(await store.insert(newEnvironment(), created)).toBeUndefined();
      expect(
        (await store.list({ includeDestroyed: true })).map(e => e.id),
      ).toEqual([env.id]);
      expect(await store.events(env.id)).toHaveLength(1);
    });

    it('records and returns the history in order', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const env = (await store.insert(newEnvironment()))!;
      await store.addEvents([
        {
          environmentId: env.id,
          environmentName: env.name,
          at: START,
          type: 'created',
          actor: 'user:default/jane',
          details: { lifetimeDays: 7 },
        },
        {
          environmentId: env.id,
          environmentName: env.name,
          at: addHours(START, 2),
          type: 'activity',
          details: { kind: 'push' },
        },
      ]);
      expect(await store.events(env.id)).toEqual([
        {
          environment: env.name,
          at: START.toISOString(),
          type: 'created',
          actor: 'user:default/jane',
          details: { lifetimeDays: 7 },
        },
        {
          environment: env.name,
          at: addHours(START, 2).toISOString(),
          type: 'activity',
          actor: undefined,
          details: { kind: 'push' },
        },
      ]);
    });
  },
);
