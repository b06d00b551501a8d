/**
 * The health lifecycle on a controlled clock: a new sync is Progressing (OutOfSync, operation
 * Running, nothing deployed) until it has been observed for progressingMs, then Healthy.
 */
import { Devstack, startDevstack } from '../devstack';
import {
  forgeClient,
  getJson,
  serviceApplication,
} from './__testUtils__/platformConfig';

jest.setTimeout(60_000);

let devstack: Devstack;
let clock = Date.parse('2026-12-03T09:00:00Z');

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    argocd: { progressingMs: 1500, now: () => clock },
    kubernetes: { seedDemoWorkloads: false },
  });
});
afterAll(() => devstack.stop());

it('is Progressing for progressingMs after a new sync, then Healthy with its pods', async () => {
  const forge = forgeClient(devstack);
  await forge.serviceRepo('ledger');
  await forge.putFile(
    'platform-config',
    'apps/ledger/staging.yaml',
    serviceApplication(devstack, 'ledger', 'staging', { tag: 'v1' }),
  );
  const app = async () =>
    (
      await getJson(
        `${devstack.urls.argocdApi}/applications/ledger-staging`,
        devstack.argocdToken,
      )
    ).body;
  const pods = async () =>
    (
      await getJson(
        `${devstack.urls.kubernetes}/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dledger`,
        devstack.kubernetesToken,
      )
    ).body.items;

  const first = await app();
  expect(first.status).toMatchObject({
    sync: { status: 'OutOfSync' },
    health: { status: 'Progressing' },
    operationState: { phase: 'Running', startedAt: '2026-12-03T09:00:00.000Z' },
    history: [],
  });
  expect(await pods()).toEqual([]);

  clock += 1499;
  expect((await app()).status.health.status).toBe('Progressing');

  clock += 1;
  const healthy = await app();
  expect(healthy.status).toMatchObject({
    sync: { status: 'Synced' },
    health: { status: 'Healthy' },
    operationState: {
      phase: 'Succeeded',
      finishedAt: '2026-12-03T09:00:01.500Z',
    },
    history: [
      {
        id: 0,
        deployStartedAt: '2026-12-03T09:00:00.000Z',
        deployedAt: '2026-12-03T09:00:01.500Z',
      },
    ],
  });
  expect(await pods()).toHaveLength(2);

  // A new image starts a new sync: Progressing again, then a second history entry.
  await forge.putFile(
    'platform-config',
    'apps/ledger/staging.yaml',
    serviceApplication(devstack, 'ledger', 'staging', { tag: 'v2' }),
  );
  expect((await app()).status.health.status).toBe('Progressing');
  clock += 1500;
  expect((await app()).status.history.map((h: any) => h.id)).toEqual([0, 1]);
});
