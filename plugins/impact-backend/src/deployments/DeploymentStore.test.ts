import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DeploymentStore } from './DeploymentStore';
import { createDeploymentHandler, deploymentOf } from './deploymentWebhook';

jest.setTimeout(60_000);

const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
  | TestDatabaseId
  | undefined;
const databases = TestDatabases.create({
  ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
});

/** GitHub's deployment_status webhook, as its documentation shows it (fields this plugin reads). */
const webhook = (overrides: {
  state?: string;
  environment?: string;
  at?: string;
  id?: number;
  repository?: string;
}) => ({
  action: 'created',
  deployment_status: {
    state: overrides.state ?? 'success',
    environment: overrides.environment ?? 'staging',
    created_at: overrides.at ?? '2026-11-03T10:00:00Z',
  },
  deployment: { id: overrides.id ?? 42, environment: 'staging', ref: 'main' },
  repository: { full_name: overrides.repository ?? 'Acme/Checkout' },
});

describe('deploymentOf', () => {
  it('reads a successful deployment of the organisation', () => {
    expect(deploymentOf(webhook({}), 'acme')).toEqual({
      repository: 'acme/checkout',
      deploymentId: 42,
      environment: 'staging',
      at: new Date('2026-11-03T10:00:00Z'),
    });
  });

  it.each([
    ['a pending status', webhook({ state: 'pending' })],
    ['a failure', webhook({ state: 'failure' })],
    ['another organisation', webhook({ repository: 'evil/checkout' })],
    ['a time that is no date', webhook({ at: 'yesterday' })],
    ['no payload', undefined],
  ])('ignores %s', (_what, payload) => {
    expect(deploymentOf(payload as any, 'acme')).toBeUndefined();
  });
});

describe.each(databases.eachSupportedId())('DeploymentStore on %s', id => {
  it('records each deployment once, keeping its earliest success, from repeated webhooks', async () => {
    const store = await DeploymentStore.create({
      database: { getClient: async () => databases.init(id) },
    });
    const logger = { info: jest.fn() } as any;
    const handle = createDeploymentHandler({ store, org: 'acme', logger });
    const event = (payload: object) =>
      handle({ topic: 'github.deployment_status', eventPayload: payload });

    await event(webhook({ at: '2026-11-03T10:05:00Z' }));
    await event(webhook({ at: '2026-11-03T10:05:00Z' }));
    await event(webhook({ at: '2026-11-03T10:00:00Z' }));
    await event(
      webhook({ environment: 'production', at: '2026-11-04T09:00:00Z' }),
    );
    await event(webhook({ id: 43, state: 'failure' }));

    expect(await store.since(new Date('2026-11-01T00:00:00Z'))).toEqual([
      {
        repository: 'acme/checkout',
        deploymentId: 42,
        environment: 'staging',
        at: new Date('2026-11-03T10:00:00Z'),
      },
      {
        repository: 'acme/checkout',
        deploymentId: 42,
        environment: 'production',
        at: new Date('2026-11-04T09:00:00Z'),
      },
    ]);
    expect(logger.info).toHaveBeenCalledTimes(2);
    expect(await store.since(new Date('2026-11-04T00:00:00Z'))).toHaveLength(1);
  });
});
