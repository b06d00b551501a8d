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
import { environmentEvent } from './EnvironmentStore';

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

    it('keeps every environment and its history when sandboxes arrive, and removes only sandboxes going back', async () => {
      const knex = await databases.init(databaseId);
      const before = { directory: migrationsDir };
      await knex.migrate.up({ ...before, name: '20261122_environments.js' });
      await knex.migrate.up({ ...before, name: '20261201_idle_warning.js' });
      await knex('environments').insert({
        id: 'env-1',
        name: 'pr-1',
        type: 'feature',
        owner_team: 'group:default/payments',
        requested_by: 'user:default/jane',
        services: '[]',
        urls: '{}',
        state: 'active',
        created_at: START,
        expires_at: addDays(START, 7),
        last_activity_at: START,
        cpu_cores: 2,
        memory_gib: 4,
        cpu_hour_rate: 0.04,
        memory_gib_hour_rate: 0.005,
      });
      await knex('environment_events').insert({
        environment_id: 'env-1',
        environment_name: 'pr-1',
        at: START,
        type: 'created',
        details: '{}',
      });

      const store = await DatabaseEnvironmentStore.fromKnex(knex);
      expect(await store.getByName('pr-1')).toMatchObject({
        id: 'env-1',
        expiresAt: addDays(START, 7),
        ownerUser: undefined,
      });
      expect(await store.events('env-1')).toHaveLength(1);
      // The live-name index survived the rebuild of the table.
      expect(
        await store.insert(newEnvironment({ name: 'pr-1' })),
      ).toBeUndefined();
      const sandbox = await store.insert(
        newEnvironment({
          name: 'sandbox-ada',
          type: 'sandbox',
          ownerUser: 'user:default/ada',
          services: [],
          expiresAt: undefined,
        }),
      );
      expect(sandbox).toMatchObject({ expiresAt: undefined });

      await knex.migrate.down(before); // 20261215_ready_when_healthy
      await knex.migrate.down(before);
      expect(await knex('environments').pluck('name')).toEqual(['pr-1']);
      expect(await knex('environment_events').pluck('environment_id')).toEqual([
        'env-1',
      ]);
      expect(await knex.schema.hasColumn('environments', 'owner_user')).toBe(
        false,
      );
    });

    it('records a sandbox without an expiry, one per engineer among those not destroyed', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const sandbox = (name: string, ownerUser = 'user:default/ada') =>
        newEnvironment({
          name,
          type: 'sandbox',
          ownerUser,
          requestedBy: ownerUser,
          services: [],
          expiresAt: undefined,
        });
      const first = (await store.insert(sandbox('sandbox-ada')))!;
      expect(await store.getByName('sandbox-ada')).toEqual({
        ...first,
        expiresAt: undefined,
        ownerUser: 'user:default/ada',
      });
      expect(await store.insert(sandbox('sandbox-ada-2'))).toBeUndefined();
      expect(await store.liveSandboxOf('user:default/ada')).toMatchObject({
        id: first.id,
      });
      // Two at the same moment under two names: the index keeps one.
      const racing = await Promise.all([
        store.insert(sandbox('sandbox-bob', 'user:default/bob')),
        store.insert(sandbox('sandbox-bob-2', 'user:default/bob')),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(
        (
          await store.list({ type: 'sandbox', ownerUser: 'user:default/ada' })
        ).map(e => e.name),
      ).toEqual(['sandbox-ada']);
      expect(
        await store.list({ requestedBy: 'user:default/bob' }),
      ).toHaveLength(1);

      await store.claimTeardown(first.id, addHours(START, 1));
      await store.recordTeardowns([first.id], addHours(START, 1), []);
      expect(await store.liveSandboxOf('user:default/ada')).toBeUndefined();
      expect(await store.insert(sandbox('sandbox-ada-2'))).toMatchObject({
        name: 'sandbox-ada-2',
      });
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
        readyWhenHealthy: false,
      });
    });

    it('keeps a failed environment and its reason, and makes it active going back', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEnvironmentStore.fromKnex(knex);
      const env = (await store.insert(
        newEnvironment({
          state: 'provisioning',
          readyWhenHealthy: true,
          pullRequestUrl: 'https://github.com/acme/checkout-api/pull/42',
        }),
      ))!;
      expect(env).toMatchObject({
        readyWhenHealthy: true,
        pullRequestUrl: 'https://github.com/acme/checkout-api/pull/42',
      });
      const failed = await store.markFailed(
        env.id,
        'rw-env-pr-1-checkout: Degraded',
        environmentEvent(env, 'failed', START),
      );
      expect(failed).toMatchObject({
        state: 'failed',
        failureReason: 'rw-env-pr-1-checkout: Degraded',
        pullRequestCommentDue: 'failed',
      });
      // Decided once: neither a second verdict nor a late ready changes it.
      expect(
        await store.markReady(env.id, environmentEvent(env, 'ready', START)),
      ).toBeUndefined();
      expect(
        await store.markFailed(
          env.id,
          'again',
          environmentEvent(env, 'failed', START),
        ),
      ).toBeUndefined();
      expect((await store.events(env.id)).map(e => e.type)).toEqual(['failed']);

      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex('environments').pluck('state')).toEqual(['active']);
      expect(
        await knex.schema.hasColumn('environments', 'failure_reason'),
      ).toBe(false);
      expect(await knex('environment_events').pluck('type')).toEqual([
        'failed',
      ]);
    });

    it('extends only from the expiry it read, so two extensions cannot count from the same one', async () => {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const env = (await store.insert(newEnvironment()))!;
      const later = addDays(env.expiresAt!, 1);
      expect(await store.extend(env.id, env.expiresAt!, later)).toMatchObject({
        expiresAt: later,
      });
      expect(
        await store.extend(env.id, env.expiresAt!, addDays(later, 1)),
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
