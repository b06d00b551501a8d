import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { EnvironmentsApiClient } from '@runway/plugin-environments-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readSandboxRevocation } from './sandboxRevocation';

const API = 'http://environments.runway.test/api/environments';

describe('the sandbox line of the offboarding report', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  const queries: string[] = [];
  const leasesAre = (items: object[]) =>
    server.resetHandlers(
      http.get(`${API}/environments`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json({ items });
      }),
    );
  const read = () =>
    readSandboxRevocation(
      new EnvironmentsApiClient({
        discovery: {
          getBaseUrl: async () => API,
          getExternalBaseUrl: async () => API,
        },
        auth: mockServices.auth(),
      }),
      'user:default/ada-lovelace',
      mockCredentials.service('plugin:scaffolder'),
    );
  const lease = (state: string, extra = {}) => ({
    name: 'sandbox-ada-lovelace',
    type: 'sandbox',
    state,
    ...extra,
  });

  it('reads the engineer’s sandbox leases back, destroyed ones included', async () => {
    leasesAre([]);
    await read();
    expect(queries.at(-1)).toBe(
      '?type=sandbox&ownerUser=user%3Adefault%2Fada-lovelace&includeDestroyed=true',
    );
  });

  it('is revoked once the lease is destroyed, with when', async () => {
    leasesAre([lease('destroyed', { tornDownAt: '2027-02-01T10:00:00.000Z' })]);
    expect(await read()).toEqual({
      what: 'Sandbox sandbox-ada-lovelace',
      state: 'revoked',
      evidence: 'lease read back: destroyed at 2027-02-01T10:00:00.000Z',
    });
  });

  it('is tearing down while the lifecycle job finishes it', async () => {
    leasesAre([lease('tearing-down'), lease('destroyed')]);
    expect(await read()).toMatchObject({ state: 'tearing down' });
  });

  it('has nothing to revoke for an engineer who never had one', async () => {
    leasesAre([]);
    expect(await read()).toEqual({
      what: 'Sandbox',
      state: 'nothing to revoke',
      evidence: 'no sandbox lease of user:default/ada-lovelace',
    });
  });

  it('fails, naming the sandbox, when it is still live', async () => {
    leasesAre([lease('active')]);
    await expect(read()).rejects.toThrow(
      'Sandbox sandbox-ada-lovelace of user:default/ada-lovelace is still active: it was not torn down. Retry the sandbox step.',
    );
  });
});
