import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import {
  CachedConditionalDecisions,
  DECISION_TTL_MS,
  MAX_DECISIONS,
} from './permissionDecisionCache';

const T0 = Date.parse('2026-12-03T12:00:00Z');
const HOUR = 3_600_000;

function userCredentials(
  userEntityRef: string,
  expiresAt = new Date(T0 + HOUR),
  actor?: string,
): BackstageCredentials {
  return {
    $$type: '@backstage/BackstageCredentials',
    expiresAt,
    principal: {
      type: 'user',
      userEntityRef,
      ...(actor ? { actor: { type: 'service', subject: actor } } : {}),
    },
  } as BackstageCredentials;
}

/** A permissions service that answers with a decision naming the call it was, and counts. */
function countingService() {
  const calls: Array<{ who: string; permissions: string[] }> = [];
  const service: PermissionsService = {
    authorize: jest.fn(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    ),
    authorizeConditional: jest.fn(async (queries, options) => {
      calls.push({
        who: String(
          (options?.credentials.principal as { userEntityRef?: string })
            ?.userEntityRef,
        ),
        permissions: queries.map(q => q.permission.name),
      });
      return queries.map(
        () =>
          ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'HAS_LABEL',
              resourceType: 'catalog-entity',
              params: { label: `call-${calls.length}` },
            },
          } as QueryPermissionResponse),
      );
    }),
  };
  return { service, calls };
}

const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const catalogEntityDeletePermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const read = [{ permission: catalogEntityReadPermission }];

describe('CachedConditionalDecisions', () => {
  let now: number;
  const clock = { monotonic: () => now, wall: () => now };
  beforeEach(() => {
    now = T0;
  });

  it('asks once for the same person, token and permission within the time to live', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials('user:default/ada');

    const first = await cached.authorizeConditional(read, { credentials });
    now += DECISION_TTL_MS - 1;
    const second = await cached.authorizeConditional(read, { credentials });

    expect(calls).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('asks once for a page of concurrent requests', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials('user:default/ada');

    await Promise.all(
      Array.from({ length: 8 }, () =>
        cached.authorizeConditional(read, { credentials }),
      ),
    );

    expect(calls).toHaveLength(1);
  });

  it('asks again once the time to live has passed', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials('user:default/ada');

    await cached.authorizeConditional(read, { credentials });
    now += DECISION_TTL_MS;
    const again = await cached.authorizeConditional(read, { credentials });

    expect(calls).toHaveLength(2);
    expect(again[0]).toMatchObject({
      conditions: { params: { label: 'call-2' } },
    });
  });

  it('never keeps a decision past the token’s expiry', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials(
      'user:default/ada',
      new Date(T0 + 1_000),
    );

    await cached.authorizeConditional(read, { credentials });
    now += 1_000;
    await cached.authorizeConditional(read, { credentials });

    expect(calls).toHaveLength(2);
  });

  it('keeps people, tokens, acting services and permissions apart', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);

    const ada = await cached.authorizeConditional(read, {
      credentials: userCredentials('user:default/ada'),
    });
    const bob = await cached.authorizeConditional(read, {
      credentials: userCredentials('user:default/bob'),
    });
    await cached.authorizeConditional(read, {
      credentials: userCredentials('user:default/ada', new Date(T0 + 2 * HOUR)),
    });
    await cached.authorizeConditional(read, {
      credentials: userCredentials(
        'user:default/ada',
        new Date(T0 + HOUR),
        'plugin:scaffolder',
      ),
    });
    await cached.authorizeConditional(
      [{ permission: catalogEntityDeletePermission }],
      { credentials: userCredentials('user:default/ada') },
    );

    expect(calls.map(c => c.who)).toEqual([
      'user:default/ada',
      'user:default/bob',
      'user:default/ada',
      'user:default/ada',
      'user:default/ada',
    ]);
    expect(calls[4].permissions).toEqual(['catalog.entity.delete']);
    expect(bob).not.toEqual(ada);
  });

  it('keeps decisions for credentials that went through JSON, as a scaffolder task’s do', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = JSON.parse(
      JSON.stringify(userCredentials('user:default/ada', new Date(T0 + 1_000))),
    );

    await cached.authorizeConditional(read, { credentials });
    await cached.authorizeConditional(read, { credentials });
    now += 1_000;
    await cached.authorizeConditional(read, { credentials });

    expect(typeof credentials.expiresAt).toBe('string');
    expect(calls).toHaveLength(2);
  });

  it('hands each caller a copy that cannot change the next one’s decision', async () => {
    const { service } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials('user:default/ada');

    const [first] = await cached.authorizeConditional(read, { credentials });
    (first as { result: string }).result = AuthorizeResult.ALLOW;
    const [second] = await cached.authorizeConditional(read, { credentials });

    expect(second.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('asks again after a wall-clock jump past the token’s expiry, and not before the time to live on a clock set back', async () => {
    const { service, calls } = countingService();
    let wall = T0;
    let monotonic = 0;
    const cached = new CachedConditionalDecisions(service, {
      monotonic: () => monotonic,
      wall: () => wall,
    });
    const credentials = userCredentials('user:default/ada');

    await cached.authorizeConditional(read, { credentials });
    wall -= HOUR; // the wall clock set back an hour: the time to live still ends
    monotonic += DECISION_TTL_MS;
    await cached.authorizeConditional(read, { credentials });
    wall = T0 + HOUR; // past the token's expiry
    monotonic += 1;
    await cached.authorizeConditional(read, { credentials });

    expect(calls).toHaveLength(3);
  });

  it('does not keep a failure', async () => {
    const { service, calls } = countingService();
    const failing = service.authorizeConditional as jest.Mock;
    failing.mockRejectedValueOnce(new Error('permission backend down'));
    const cached = new CachedConditionalDecisions(service, clock);
    const credentials = userCredentials('user:default/ada');

    await expect(
      cached.authorizeConditional(read, { credentials }),
    ).rejects.toThrow('permission backend down');
    await cached.authorizeConditional(read, { credentials });

    expect(failing).toHaveBeenCalledTimes(2);
    expect(calls).toHaveLength(1);
  });

  it('passes services, no one and resource decisions straight through', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);

    for (let i = 0; i < 2; i++) {
      await cached.authorizeConditional(read, {
        credentials: mockCredentials.service('plugin:catalog'),
      });
      await cached.authorizeConditional(read, {
        credentials: mockCredentials.none(),
      });
      await cached.authorize(
        [
          {
            permission: catalogEntityReadPermission,
            resourceRef: 'component:default/checkout',
          },
        ],
        { credentials: userCredentials('user:default/ada') },
      );
    }

    expect(calls).toHaveLength(4);
    expect(service.authorize).toHaveBeenCalledTimes(2);
  });

  it('keeps at most MAX_DECISIONS, dropping the oldest', async () => {
    const { service, calls } = countingService();
    const cached = new CachedConditionalDecisions(service, clock);
    const person = (i: number) => userCredentials(`user:default/p${i}`);

    for (let i = 0; i <= MAX_DECISIONS; i++) {
      await cached.authorizeConditional(read, { credentials: person(i) });
    }
    // The newest is still kept; the first was dropped to make room.
    await cached.authorizeConditional(read, {
      credentials: person(MAX_DECISIONS),
    });
    await cached.authorizeConditional(read, { credentials: person(0) });

    expect(calls).toHaveLength(MAX_DECISIONS + 2);
    expect(calls.at(-1)!.who).toBe('user:default/p0');
  });
});
