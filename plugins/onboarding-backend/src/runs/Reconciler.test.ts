import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { OnboardingStore } from '../database/OnboardingStore';
import {
  DEFAULT_OKTA_PROFILE_ATTRIBUTES,
  OktaDirectory,
} from './OktaDirectory';
import { GraphClient } from './GraphClient';
import { Reconciler } from './Reconciler';

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

describe('the reconciliation poll on Okta', () => {
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
      const reconciler = new Reconciler({
        source: 'okta',
        directory: new OktaDirectory({
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

/** Graph's user lists the poll reads, with a second page for the created users. */
async function startGraph() {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://graph');
    asked.push(`${url.pathname} ${req.headers.consistencylevel ?? ''}`);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let body: object = { value: [] };
    if (url.pathname === '/token') body = { access_token: 't' };
    else if (url.pathname === '/v1.0/users') {
      const filter = url.searchParams.get('$filter') ?? '';
      if (filter.startsWith('createdDateTime ge'))
        body = url.searchParams.get('page')
          ? { value: [{ id: 'aad-b', accountEnabled: false }] }
          : {
              value: [{ id: 'aad-a', accountEnabled: true }],
              '@odata.nextLink': `${base}/v1.0/users?$filter=${encodeURIComponent(
                filter,
              )}&page=2`,
            };
      else if (filter === 'accountEnabled eq false')
        body = { value: [{ id: 'aad-onboarded' }, { id: 'aad-never-ours' }] };
    } else if (url.pathname.startsWith('/v1.0/directory/deletedItems')) {
      body = { value: [{ id: 'aad-deleted' }] };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, asked, stop: () => new Promise(r => server.close(r)) };
}

describe('the reconciliation poll on Microsoft Graph', () => {
  it('onboards the created and enabled, offboards the deleted and the disabled Runway onboarded', async () => {
    const graph = await startGraph();
    try {
      const knex = await databases.init('SQLITE_3');
      const store = await OnboardingStore.create({
        database: { getClient: async () => knex },
      });
      await store.request(
        {
          deliveryId: 'graph:s:created:aad-onboarded',
          idpUserId: 'aad-onboarded',
          kind: 'onboard',
          source: 'graph',
        },
        new Date(),
      );
      const reconciler = new Reconciler({
        source: 'graph',
        directory: new GraphClient({
          tenantId: 't',
          clientId: 'c',
          clientSecret: 's',
          clientState: 'state-0123456789abcdef',
          notificationUrl: 'https://runway.acme.example/hook',
          apiBaseUrl: `${graph.url}/v1.0`,
          tokenUrl: `${graph.url}/token`,
          profileAttributes: {
            githubLogin: 'x',
            team: 'department',
            buddy: 'y',
            startDate: 'employeeHireDate',
          },
        }),
        store,
        logger: mockServices.logger.mock(),
        since: new Date('2026-12-01T00:00:00Z'),
      });
      expect(await reconciler.reconcile()).toBe(3);
      expect(await reconciler.reconcile()).toBe(0);
      const runs = (await store.listRuns())
        .map(r => `${r.kind} ${r.idpUserId}`)
        .sort();
      expect(runs).toEqual([
        'offboard aad-deleted',
        'offboard aad-onboarded',
        'onboard aad-a',
        'onboard aad-onboarded',
      ]);
      // Graph's createdDateTime filter needs its advanced queries.
      expect(graph.asked).toContain('/v1.0/users eventual');
    } finally {
      await graph.stop();
    }
  });
});
