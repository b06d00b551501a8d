import { mockApis } from '@backstage/frontend-test-utils';
import { anEnvironment } from '../__testUtils__/fakeEnvironmentsBackend';
import {
  EnvironmentsClient,
  EnvironmentsRequestError,
} from './EnvironmentsClient';

describe('EnvironmentsClient', () => {
  const env = anEnvironment('pr-1');
  const fetch = jest.fn<Promise<Response>, [string, RequestInit]>();
  const client = new EnvironmentsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });

  beforeEach(() => fetch.mockReset());

  it('lists with the filter, the entity ref and destroyed ones on request', async () => {
    fetch.mockImplementation(async () => json({ items: [env] }));

    await expect(client.listEnvironments({ filter: 'team' })).resolves.toEqual([
      env,
    ]);
    await client.listEnvironments({
      filter: 'all',
      entityRef: 'component:default/checkout-api',
      includeDestroyed: true,
    });

    expect(fetch.mock.calls.map(([url, init]) => [init.method, url])).toEqual([
      [
        'GET',
        'http://backstage:7007/api/environments/environments?filter=team',
      ],
      [
        'GET',
        'http://backstage:7007/api/environments/environments?filter=all&entityRef=component%3Adefault%2Fcheckout-api&includeDestroyed=true',
      ],
    ]);
  });

  it('gets one environment with its events', async () => {
    fetch.mockResolvedValue(json({ ...env, events: [] }));
    await expect(client.getEnvironment('pr-1')).resolves.toEqual({
      ...env,
      events: [],
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/environments/environments/pr-1',
      { method: 'GET' },
    );
  });

  it('extends with the number of days as JSON', async () => {
    fetch.mockResolvedValue(json({ environment: env, capped: true }));

    await expect(client.extendEnvironment('pr-1', 7)).resolves.toEqual({
      environment: env,
      capped: true,
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/environments/environments/pr-1/extend',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"days":7}',
      },
    );
  });

  it('records a keep-alive', async () => {
    fetch.mockResolvedValue(json({ environment: env }));

    await expect(client.keepAlive('pr-1')).resolves.toEqual(env);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/environments/environments/pr-1/activity',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"kind":"keep-alive"}',
      },
    );
  });

  it('destroys, telling a finished teardown from one left to the background (202)', async () => {
    fetch.mockResolvedValueOnce(json({ environment: env }, 200));
    fetch.mockResolvedValueOnce(json({ environment: env }, 202));

    await expect(client.destroyEnvironment('pr-1')).resolves.toEqual({
      environment: env,
      finished: true,
    });
    await expect(client.destroyEnvironment('pr-1')).resolves.toEqual({
      environment: env,
      finished: false,
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/environments/environments/pr-1',
      { method: 'DELETE' },
    );
  });

  it('asks for the monthly cost of a team', async () => {
    const report = { month: '2026-11', currency: 'EUR', teams: [] };
    fetch.mockResolvedValue(json(report));

    await expect(
      client.getMonthlyCost({
        team: 'group:default/payments',
        month: '2026-11',
      }),
    ).resolves.toEqual(report);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/environments/cost?team=group%3Adefault%2Fpayments&month=2026-11',
    );
  });

  it('escapes names in paths', async () => {
    fetch.mockResolvedValue(json({ ...env, events: [] }));
    await client.getEnvironment('a/b');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/environments/environments/a%2Fb',
    );
  });

  it("turns a Backstage error body into an error carrying the backend's message", async () => {
    fetch.mockResolvedValue(
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'Only members of group:default/payments may extend pr-1.',
          },
          request: { method: 'POST', url: '/environments/pr-1/extend' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );

    const error = await client.extendEnvironment('pr-1', 1).catch(e => e);
    expect(error).toBeInstanceOf(EnvironmentsRequestError);
    expect(error).toMatchObject({
      message: 'Only members of group:default/payments may extend pr-1.',
      status: 403,
      reason: 'NotAllowedError',
    });
  });

  it('reports a failure without a Backstage error body by its status', async () => {
    fetch.mockResolvedValue(
      new Response('upstream timed out', {
        status: 504,
        statusText: 'Gateway Timeout',
      }),
    );

    await expect(client.listEnvironments({ filter: 'mine' })).rejects.toThrow(
      'Request failed with status 504 Gateway Timeout, upstream timed out',
    );
  });
});
