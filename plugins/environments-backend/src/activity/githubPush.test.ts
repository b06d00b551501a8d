import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import {
  FakeClock,
  START,
  addHours,
  lifecycleOn,
  newEnvironment,
} from '../__testUtils__/fixtures';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { createPushActivityHandler } from './githubPush';

jest.setTimeout(60_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

const component = (name: string, slug: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'github.com/project-slug': slug } },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
});

const push = (repository: string, ref: string) => ({
  topic: 'github.push',
  eventPayload: {
    ref,
    after: 'c0ffee',
    repository: { full_name: repository },
    pusher: { name: 'jane' },
  },
});

describe.each(databases.eachSupportedId())(
  'GitHub push activity on %s',
  databaseId => {
    it('keeps alive the feature environments that deploy the pushed branch of that repository', async () => {
      const clock = new FakeClock(START);
      const { store, sweeper } = await lifecycleOn(
        await databases.init(databaseId),
        { clock },
      );
      const onBranch = (await store.insert(
        newEnvironment({ name: 'on-branch' }),
      ))!;
      await store.insert(
        newEnvironment({
          name: 'other-branch',
          services: [
            { entityRef: 'component:default/checkout-api', branch: 'main' },
          ],
        }),
      );
      await store.insert(
        newEnvironment({
          name: 'other-repo',
          services: [{ entityRef: 'component:default/ledger', branch: 'pr-1' }],
        }),
      );
      const handle = createPushActivityHandler({
        store,
        clock,
        logger: mockServices.logger.mock(),
        catalog: new CatalogLookup({
          auth: mockServices.auth(),
          catalog: catalogServiceMock({
            entities: [
              component('checkout-api', 'acme/checkout-api'),
              component('ledger', 'acme/ledger'),
            ],
          }),
        }),
      });

      clock.set(addHours(START, 20));
      await handle(push('Acme/Checkout-API', 'refs/heads/pr-1'));
      // The idle ones are warned first (a teardown needs a delivered warning), then torn down.
      clock.set(addHours(START, 21));
      await sweeper.sweep();
      clock.set(addHours(START, 25));
      await sweeper.sweep();

      expect(await store.getByName('on-branch')).toMatchObject({
        state: 'active',
        lastActivityAt: addHours(START, 20),
      });
      expect(await store.getByName('other-branch')).toMatchObject({
        state: 'destroyed',
      });
      expect(await store.getByName('other-repo')).toMatchObject({
        state: 'destroyed',
      });
      expect(await store.events(onBranch.id)).toEqual([
        {
          environment: 'on-branch',
          at: addHours(START, 20).toISOString(),
          type: 'activity',
          actor: 'jane',
          details: {
            kind: 'push',
            repository: 'acme/checkout-api',
            branch: 'pr-1',
            commit: 'c0ffee',
          },
        },
      ]);
    });
  },
);
