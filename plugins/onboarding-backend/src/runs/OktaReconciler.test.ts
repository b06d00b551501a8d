import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { OnboardingStore } from '../database/OnboardingStore';
import {
  DEFAULT_OKTA_PROFILE_ATTRIBUTES,
  OktaDirectory,
} from './OktaDirectory';
import { OktaReconciler } from './OktaReconciler';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Okta's user search, two pages for the hires (Link: rel="next"), one for the leavers. */
async function startOkta() {
  const searches: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://okta');
    const search = url.searchParams.get('search') ?? '';
    searches.push(search);
    const page = url.searchParams.get('after');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let body: object[] = [];
    let link: string | undefined;
    if (search.startsWith('created gt')) {
      body = page
        ? [{ id: '00u-b', status: 'ACTIVE' }]
        : [{ id: '00u-a', status: 'STAGED' }];
      if (!page)
        link = `<${base}/api/v1/users?search=${encodeURIComponent(
          search,
        )}&after=00u-a>; rel="next"`;
    } else if (search.startsWith('status eq "DEPROVISIONED"')) {
      body = [{ id: '00u-gone', status: 'DEPROVISIONED' }];
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(link && { link }),
    });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    searches,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('OktaReconciler', () => {
  it('asks for a run for every hire and leaver since the date, once, across pages and polls', async () => {
    const okta = await startOkta();
    try {
      const knex = await databases.init('SQLITE_3');
      const store = await OnboardingStore.create({
        database: { getClient: async () => knex },
      });
      // The event hook did deliver 00u-a: the poll finds its run and adds none.
      await store.request(
        {
          deliveryId: 'okta:e-1',
          idpUserId: '00u-a',
          kind: 'onboard',
          source: 'okta',
        },
        new Date(),
      );
      const reconciler = new OktaReconciler({
        okta: new OktaDirectory({
          orgUrl: okta.url,
          apiToken: 't',
          attributes: DEFAULT_OKTA_PROFILE_ATTRIBUTES,
        }),
        store,
        logger: mockServices.logger.mock(),
        since: new Date('2026-12-01T00:00:00Z'),
      });
      expect(await reconciler.reconcile()).toBe(2);
      expect(await reconciler.reconcile()).toBe(0);
      const runs = (await store.listRuns()).map(
        r => `${r.kind} ${r.idpUserId}`,
      );
      expect(runs.sort()).toEqual([
        'offboard 00u-gone',
        'onboard 00u-a',
        'onboard 00u-b',
      ]);
      expect(okta.searches).toContain(
        'created gt "2026-12-01T00:00:00.000Z" and status ne "DEPROVISIONED"',
      );
      expect(okta.searches).toContain(
        'status eq "DEPROVISIONED" and statusChanged gt "2026-12-01T00:00:00.000Z"',
      );
    } finally {
      await okta.stop();
    }
  });
});
