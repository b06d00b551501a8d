import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import {
  START,
  addDays,
  addHours,
  lifecycleOn,
  newEnvironment,
} from '../__testUtils__/fixtures';
import { environmentEvent } from '../database/EnvironmentStore';
import { Caller, EnvironmentAccess } from '../service/access';
import { EnvironmentOperations } from '../service/EnvironmentOperations';
import { DEFAULT_SETTINGS } from '../settings';
import { LifecycleSweeper } from './LifecycleSweeper';
import { TeardownRunner } from './TeardownRunner';

jest.setTimeout(60_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

const owner: Caller = {
  credentials: mockCredentials.user('user:default/jane'),
  actor: 'user:default/jane',
  ownershipRefs: ['user:default/jane', 'group:default/payments'],
  isUser: true,
};

describe.each(databases.eachSupportedId())('lifecycle on %s', databaseId => {
  async function setup() {
    const lifecycle = await lifecycleOn(await databases.init(databaseId));
    // Every permission is allowed here (the router test is about access); the cast spans the
    // access constructor before and after it took a permissions registry.
    const accessDeps = {
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      permissionsRegistry: {
        getPermissionRuleset: () => ({ getRuleByName: () => undefined }),
      },
    };
    const access = new EnvironmentAccess(
      accessDeps as unknown as ConstructorParameters<
        typeof EnvironmentAccess
      >[0],
    );
    const operations = new EnvironmentOperations({
      ...lifecycle,
      access,
      settings: DEFAULT_SETTINGS,
    });
    return { ...lifecycle, operations };
  }

  it('warns the owners once, 24 hours before expiry', async () => {
    const { store, sweeper, clock, notifier } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;

    clock.set(addHours(env.expiresAt!, -25));
    expect(await sweeper.sweep()).toEqual({
      warned: 0,
      tornDown: 0,
      failed: 0,
    });
    clock.set(addHours(env.expiresAt!, -23));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });
    clock.advanceHours(1);
    expect(await sweeper.sweep()).toMatchObject({ warned: 0 });

    expect(notifier.warnings).toEqual([
      { name: env.name, expiresAt: env.expiresAt! },
    ]);
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'expiring',
      warnedAt: addHours(env.expiresAt!, -23),
    });
    const history = await store.events(env.id);
    expect(history.filter(e => e.type === 'warned')).toHaveLength(1);
  });

  it('warns the owners of a failed environment and tears it down at expiry, still failed until then', async () => {
    const { store, sweeper, clock, notifier, teardown, operations } =
      await setup();
    const env = (await store.insert(
      newEnvironment({
        type: 'staging',
        state: 'provisioning',
        readyWhenHealthy: true,
      }),
    ))!;
    await store.markFailed(
      env.id,
      'rw-env-pr-1-checkout: Degraded',
      environmentEvent(env, 'failed', START),
    );
    // Not abandoned: a failed environment is decided, and torn down only at expiry (or on request).
    clock.set(addHours(env.expiresAt!, -23));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1, tornDown: 0 });
    expect(notifier.warnings).toEqual([
      { name: env.name, expiresAt: env.expiresAt! },
    ]);
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'failed',
      failureReason: 'rw-env-pr-1-checkout: Degraded',
    });
    // An extension keeps it failed: only Argo CD's verdict could have made it active.
    await operations.extend(owner, env.name, 1);
    expect((await store.getByName(env.name))!.state).toBe('failed');

    clock.set(addHours(addDays(env.expiresAt!, 1), -24));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });
    clock.set(addDays(env.expiresAt!, 1));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual([env.name]);
    expect((await store.getByName(env.name))!).toMatchObject({
      state: 'destroyed',
      teardownReason: 'expired',
    });
  });

  it('destroys a failed environment on request', async () => {
    const { store, teardown, operations } = await setup();
    const env = (await store.insert(
      newEnvironment({ state: 'provisioning', readyWhenHealthy: true }),
    ))!;
    await store.markFailed(env.id, 'x', environmentEvent(env, 'failed', START));
    const { done } = await operations.destroy(owner, env.name);
    expect(done).toBe(true);
    expect(teardown.calls).toEqual([env.name]);
  });

  it('an extension moves the expiry, cancels the pending teardown and re-arms the warning', async () => {
    const { store, sweeper, clock, notifier, teardown, operations } =
      await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    clock.set(addHours(env.expiresAt!, -2));
    await sweeper.sweep();
    expect(notifier.warnings).toHaveLength(1);

    const { env: extended, capped } = await operations.extend(
      owner,
      env.name,
      1,
    );
    expect(capped).toBe(false);
    expect(extended).toMatchObject({
      state: 'active',
      expiresAt: addDays(env.expiresAt!, 1),
      warnedAt: undefined,
    });

    clock.set(addHours(env.expiresAt!, 1));
    expect(await sweeper.sweep()).toEqual({
      warned: 1,
      tornDown: 0,
      failed: 0,
    });
    expect(teardown.calls).toEqual([]);
    expect(notifier.warnings[1]).toEqual({
      name: env.name,
      expiresAt: addDays(env.expiresAt!, 1),
    });

    // The new expiry is a day away, but the warning came an hour late: 24 hours after it.
    clock.set(addDays(env.expiresAt!, 1));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    clock.set(addHours(env.expiresAt!, 25));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual([env.name]);
  });

  it('tears down at expiry, not a minute before, and records why', async () => {
    const { store, sweeper, clock, teardown, auditor } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    clock.set(addHours(env.expiresAt!, -24));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });

    clock.set(new Date(env.expiresAt!.getTime() - 60_000));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    clock.set(env.expiresAt!);
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });

    expect(teardown.calls).toEqual([env.name]);
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'destroyed',
      teardownReason: 'expired',
      tornDownAt: env.expiresAt!,
    });
    const types = (await store.events(env.id)).map(e => [e.type, e.details]);
    expect(types).toEqual([
      ['warned', { expiresAt: env.expiresAt!.toISOString() }],
      [
        'destroyed',
        { reason: 'expired', startedAt: env.expiresAt!.toISOString() },
      ],
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'environment-teardown',
      severityLevel: 'medium',
      meta: { environment: env.name, reason: 'expired' },
    });
  });

  it('records each delivered warning at once, so a failure later in the batch never sends it twice', async () => {
    const { store, sweeper, clock, notifier } = await setup();
    const a = (await store.insert(
      newEnvironment({ name: 'env-a', type: 'staging' }),
    ))!;
    await store.insert(newEnvironment({ name: 'env-b', type: 'staging' }));
    const record = store.recordWarnings.bind(store);
    const spy = jest
      .spyOn(store, 'recordWarnings')
      .mockImplementation(async (kind, at, events) => {
        if (events.some(e => e.environmentId !== a.id)) {
          throw new Error('database went away');
        }
        return record(kind, at, events);
      });
    clock.set(addHours(a.expiresAt!, -20));
    await sweeper.sweep().catch(() => undefined);
    spy.mockRestore();
    clock.set(addHours(a.expiresAt!, -17));
    await sweeper.sweep();
    expect(notifier.warnings.filter(w => w.name === 'env-a')).toHaveLength(1);
    expect(notifier.warnings.filter(w => w.name === 'env-b')).toHaveLength(2);
  });

  it('warns again when a sweep died between claiming a warning and recording it', async () => {
    const { store, sweeper, clock, notifier } = await setup();
    const expiring = (await store.insert(
      newEnvironment({ name: 'expiring', type: 'staging' }),
    ))!;
    const idle = (await store.insert(
      newEnvironment({
        name: 'idle',
        type: 'feature',
        expiresAt: addDays(START, 20),
      }),
    ))!;
    // A sweep claims both warnings, then dies before sending or recording them.
    clock.set(addHours(expiring.expiresAt!, -20));
    const now = clock.now();
    expect(
      await store.claimWarnings({
        now,
        warnBefore: addHours(now, 24),
        limit: 10,
      }),
    ).toHaveLength(1);
    expect(
      await store.claimIdleWarnings({ now, idleSince: now, limit: 10 }),
    ).toHaveLength(1);

    // Within the hour the claims may still be a live sweep's: nobody is warned twice.
    clock.set(addHours(now, 0.5));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0 });
    // Later they were abandoned: both warnings go out and are recorded.
    clock.set(addHours(now, 2));
    expect(await sweeper.sweep()).toMatchObject({ warned: 2 });
    expect([notifier.warnings, notifier.idleWarnings]).toEqual([
      [expect.objectContaining({ name: 'expiring' })],
      [expect.objectContaining({ name: 'idle' })],
    ]);
    for (const env of [expiring, idle]) {
      expect((await store.events(env.id)).map(e => e.type)).toEqual(['warned']);
    }
  });

  it('claims a stalled teardown again only after the runner has given it up', async () => {
    const { store, clock, teardown, notifier, auditor } = await setup();
    const logger = mockServices.logger.mock();
    // A runner that waits 20 minutes for a teardown, longer than the 15-minute default window.
    const runner = new TeardownRunner({
      store,
      teardown,
      clock,
      logger,
      maxDurationMs: 20 * 60_000,
    });
    const sweeper = new LifecycleSweeper({
      store,
      runner,
      notifier,
      clock,
      logger,
      auditor,
      settings: DEFAULT_SETTINGS,
    });
    const env = (await store.insert(newEnvironment({ name: 'hung' })))!;
    expect(await store.claimTeardown(env.id, clock.now())).toBeDefined();

    clock.set(new Date(START.getTime() + 16 * 60_000));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    expect(teardown.calls).toEqual([]);
    clock.set(new Date(START.getTime() + 22 * 60_000));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual(['hung']);
  });

  it('tears down a lease left provisioning for an hour (its delivery never finished), with its event in the claim', async () => {
    const { store, sweeper, clock, teardown, auditor } = await setup();
    const stuck = (await store.insert(
      newEnvironment({ name: 'stuck', state: 'provisioning' }),
    ))!;
    const delivered = (await store.insert(
      newEnvironment({ name: 'delivered', state: 'provisioning' }),
    ))!;
    await store.insert(newEnvironment({ name: 'active' }));
    expect(stuck.state).toBe('provisioning');
    clock.set(addHours(START, 0.5));
    expect(
      await store.markReady(
        delivered.id,
        environmentEvent(delivered, 'ready', clock.now(), 'user:default/jane'),
      ),
    ).toMatchObject({ state: 'active' });

    clock.set(new Date(addHours(START, 1).getTime() - 60_000));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    clock.set(addHours(START, 1));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });

    expect(teardown.calls).toEqual(['stuck']);
    expect(await store.getByName('stuck')).toMatchObject({
      state: 'destroyed',
      teardownReason: 'provisioning',
    });
    expect((await store.events(stuck.id)).map(e => e.type)).toEqual([
      'provisioning-abandoned',
      'destroyed',
    ]);
    expect(await store.getByName('delivered')).toMatchObject({
      state: 'active',
    });
    expect(await store.getByName('active')).toMatchObject({ state: 'active' });
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'environment-teardown',
      severityLevel: 'medium',
      meta: { environment: 'stuck', reason: 'provisioning' },
    });
  });

  it('never warns a sandbox or tears it down for expiry or idleness, however long it runs untouched', async () => {
    const { store, sweeper, clock, teardown, notifier } = await setup();
    const sandbox = (await store.insert(
      newEnvironment({
        name: 'sandbox-ada',
        type: 'sandbox',
        ownerUser: 'user:default/ada',
        services: [],
        expiresAt: undefined,
      }),
    ))!;
    await store.insert(newEnvironment({ name: 'feat' }));
    for (const days of [1, 2, 8, 40, 400, 4000]) {
      clock.set(addDays(START, days));
      await sweeper.sweep();
    }
    expect(teardown.calls).toEqual(['feat']);
    expect(notifier.warnings.map(w => w.name)).not.toContain('sandbox-ada');
    expect(notifier.idleWarnings.map(w => w.name)).not.toContain('sandbox-ada');
    expect(await store.getByName('sandbox-ada')).toMatchObject({
      state: 'active',
      warnedAt: undefined,
      idleWarnedAt: undefined,
    });
    expect(await store.events(sandbox.id)).toEqual([]);
  });

  it('tears down a sandbox whose delivery never finished, as any lease left provisioning', async () => {
    const { store, sweeper, clock, teardown } = await setup();
    await store.insert(
      newEnvironment({
        name: 'sandbox-ada',
        type: 'sandbox',
        ownerUser: 'user:default/ada',
        services: [],
        expiresAt: undefined,
        state: 'provisioning',
      }),
    );
    clock.set(addHours(START, 1));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual(['sandbox-ada']);
  });

  it('tears down feature environments idle for 24 hours, and only those', async () => {
    const { store, sweeper, clock, teardown } = await setup();
    const feature = (await store.insert(newEnvironment({ name: 'feat' })))!;
    await store.insert(newEnvironment({ name: 'stage', type: 'staging' }));
    await store.insert(newEnvironment({ name: 'perf', type: 'performance' }));
    await store.touch([feature.id], addHours(START, 10));
    clock.set(addHours(START, 30));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });

    clock.set(addHours(START, 33));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    clock.set(addHours(START, 34));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    clock.set(addDays(START, 5));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });

    expect(teardown.calls).toEqual(['feat']);
    expect(await store.getByName('feat')).toMatchObject({
      state: 'destroyed',
      teardownReason: 'idle',
    });
    expect(await store.getByName('stage')).toMatchObject({ state: 'active' });
    expect(await store.getByName('perf')).toMatchObject({ state: 'active' });
  });

  it('warns a feature environment once, 4 hours before its idle teardown, and again after new activity', async () => {
    const { store, sweeper, clock, notifier, teardown } = await setup();
    const feature = (await store.insert(newEnvironment({ name: 'feat' })))!;
    await store.insert(newEnvironment({ name: 'stage', type: 'staging' }));

    clock.set(addHours(START, 19));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0 });
    clock.set(addHours(START, 20));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });
    clock.set(addHours(START, 21));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0 });
    expect(notifier.idleWarnings).toEqual([
      { name: 'feat', teardownAt: addHours(START, 24) },
    ]);
    expect(await store.getByName('feat')).toMatchObject({
      state: 'active',
      idleWarnedAt: addHours(START, 20),
    });
    const warned = (await store.events(feature.id)).filter(
      e => e.type === 'warned',
    );
    expect(warned.map(e => e.details)).toEqual([
      {
        reason: 'idle',
        lastActivityAt: START.toISOString(),
        teardownAt: addHours(START, 24).toISOString(),
      },
    ]);

    // A keep-alive (or push, or deploy) postpones the teardown and re-arms the warning.
    await store.touch([feature.id], addHours(START, 22));
    clock.set(addHours(START, 24));
    expect(await sweeper.sweep()).toEqual({
      warned: 0,
      tornDown: 0,
      failed: 0,
    });
    clock.set(addHours(START, 42));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });
    expect(notifier.idleWarnings[1]).toEqual({
      name: 'feat',
      teardownAt: addHours(START, 46),
    });
    clock.set(addHours(START, 46));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual(['feat']);
    expect(notifier.idleWarnings.map(w => w.name)).not.toContain('stage');
  });

  it('sends no idle warning to a feature environment that expires before it would idle out', async () => {
    const { store, sweeper, clock, notifier } = await setup();
    // Expires 22 h after creation; idle teardown would come at 24 h.
    await store.insert(
      newEnvironment({ name: 'short', expiresAt: addHours(START, 22) }),
    );
    clock.set(addHours(START, 21));
    await sweeper.sweep();
    expect(notifier.idleWarnings).toEqual([]);
    expect(notifier.warnings).toEqual([
      { name: 'short', expiresAt: addHours(START, 22) },
    ]);
  });

  it('keeps an environment whose expiry warning reached nobody, and warns it again next sweep', async () => {
    const { store, sweeper, clock, notifier, teardown } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    // Slack and Backstage notifications both down: the notifier rejects.
    jest
      .spyOn(notifier, 'warn')
      .mockRejectedValueOnce(new Error('every channel failed'));

    clock.set(addHours(env.expiresAt!, -24));
    expect(await sweeper.sweep()).toEqual({
      warned: 0,
      tornDown: 0,
      failed: 0,
    });
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'active',
      warnedAt: undefined,
    });
    expect(await store.events(env.id)).toEqual([]);

    // Past expiry, never warned: warned now, torn down 24 hours after that, not before.
    clock.set(env.expiresAt!);
    expect(await sweeper.sweep()).toEqual({
      warned: 1,
      tornDown: 0,
      failed: 0,
    });
    expect(notifier.warnings).toEqual([
      { name: env.name, expiresAt: env.expiresAt! },
    ]);
    expect(notifier.warn).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: env.name }),
      env.expiresAt!,
      addHours(env.expiresAt!, 24),
    );
    clock.set(addHours(env.expiresAt!, 23.9));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0, tornDown: 0 });
    clock.set(addHours(env.expiresAt!, 24));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0, tornDown: 1 });
    expect(teardown.calls).toEqual([env.name]);
    const types = (await store.events(env.id)).map(e => e.type);
    expect(types).toEqual(['warned', 'destroyed']);
  });

  it('keeps an idle feature environment whose warning reached nobody, and warns it again next sweep', async () => {
    const { store, sweeper, clock, notifier, teardown } = await setup();
    const feature = (await store.insert(newEnvironment({ name: 'feat' })))!;
    jest
      .spyOn(notifier, 'warnIdle')
      .mockRejectedValueOnce(new Error('every channel failed'));

    clock.set(addHours(START, 20));
    expect(await sweeper.sweep()).toMatchObject({ warned: 0 });
    expect(await store.getByName('feat')).toMatchObject({
      idleWarnedAt: undefined,
    });
    clock.set(addHours(START, 24));
    expect(await sweeper.sweep()).toEqual({
      warned: 1,
      tornDown: 0,
      failed: 0,
    });
    expect(notifier.idleWarnings).toEqual([
      { name: 'feat', teardownAt: addHours(START, 28) },
    ]);
    clock.set(addHours(START, 27.9));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0 });
    clock.set(addHours(START, 28));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual(['feat']);
    expect(await store.getByName('feat')).toMatchObject({
      state: 'destroyed',
      teardownReason: 'idle',
    });
    expect(
      (await store.events(feature.id)).filter(e => e.type === 'warned'),
    ).toHaveLength(1);
  });

  it('does not tear down on a warning that was claimed but never recorded as delivered (a crash mid-send)', async () => {
    const { store, sweeper, clock, teardown } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    const claimedAt = addHours(env.expiresAt!, -24);
    await store.claimWarnings({
      now: claimedAt,
      warnBefore: env.expiresAt!,
      limit: 10,
    });
    clock.set(addHours(env.expiresAt!, 1));
    await sweeper.sweep();
    expect(teardown.calls).toEqual([]);
    // The abandoned claim is taken again: the warning goes out now, the teardown a day later.
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'expiring',
      warnedAt: addHours(env.expiresAt!, 1),
    });
  });

  it('holds the maximum lifetime: extensions stop at creation + 30 days', async () => {
    const { store, sweeper, clock, teardown, operations } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;

    clock.set(addDays(START, 6));
    const first = await operations.extend(owner, env.name, 30);
    expect(first.capped).toBe(true);
    expect(first.env.expiresAt!).toEqual(addDays(START, 30));
    await expect(operations.extend(owner, env.name, 1)).rejects.toThrow(
      /already expires at its maximum lifetime/,
    );

    clock.set(addDays(START, 29));
    expect(await sweeper.sweep()).toMatchObject({ warned: 1 });
    clock.set(addDays(START, 30));
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });
    expect(teardown.calls).toEqual([env.name]);
  });

  it('keeps a failed teardown tearing-down and retries it once, 15 minutes later', async () => {
    const { store, sweeper, clock, teardown } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    teardown.failNext.add(env.name);
    clock.set(addHours(env.expiresAt!, -24));
    await sweeper.sweep();

    clock.set(env.expiresAt!);
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0, failed: 1 });
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'tearing-down',
    });
    clock.advanceHours(0.2);
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 0, failed: 0 });
    clock.advanceHours(0.1);
    expect(await sweeper.sweep()).toMatchObject({ tornDown: 1 });

    expect(teardown.calls).toEqual([env.name, env.name]);
    const types = (await store.events(env.id)).map(e => e.type);
    expect(types).toEqual(['warned', 'teardown-failed', 'destroyed']);
  });

  it('a destroy request and the lifecycle job never both tear down', async () => {
    const { store, sweeper, clock, teardown, operations } = await setup();
    const env = (await store.insert(newEnvironment({ type: 'staging' })))!;
    clock.set(addHours(env.expiresAt!, -24));
    await sweeper.sweep();
    clock.set(env.expiresAt!);
    await Promise.all([sweeper.sweep(), operations.destroy(owner, env.name)]);
    expect(teardown.calls).toEqual([env.name]);
    expect(await store.getByName(env.name)).toMatchObject({
      state: 'destroyed',
    });
  });
});
