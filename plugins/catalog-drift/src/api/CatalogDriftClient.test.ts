import { mockApis } from '@backstage/frontend-test-utils';
import { aProblem } from '../__testUtils__/fakeCatalogDriftBackend';
import {
  CatalogDriftClient,
  CatalogDriftRequestError,
} from './CatalogDriftClient';

describe('CatalogDriftClient', () => {
  const fetch = jest.fn<Promise<Response>, [string, RequestInit]>();
  const client = new CatalogDriftClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });

  beforeEach(() => fetch.mockReset());

  it('reads the problems from the catalog-drift backend', async () => {
    const report = {
      checkedAt: '2027-01-04T09:00:00.000Z',
      problems: [aProblem()],
    };
    fetch.mockResolvedValue(json(report));

    await expect(client.getProblems()).resolves.toEqual(report);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/catalog-drift/problems',
      { method: 'GET' },
    );
  });

  it('asks for one kind of problem', async () => {
    fetch.mockResolvedValue(json({ problems: [] }));

    await client.getProblems({ kind: 'owner-missing' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/catalog-drift/problems?kind=owner-missing',
      { method: 'GET' },
    );
  });

  it('runs the check with a POST and answers its counts and report', async () => {
    const outcome = {
      entities: 12,
      undecided: 1,
      checkedAt: '2027-01-04T09:00:00.000Z',
      problems: [],
    };
    fetch.mockResolvedValue(json(outcome));

    await expect(client.runCheck()).resolves.toEqual(outcome);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/catalog-drift/check',
      { method: 'POST' },
    );
  });

  it("turns a refusal into an error carrying the backend's message and status", async () => {
    fetch.mockResolvedValue(
      json(
        {
          error: {
            name: 'NotAllowedError',
            message:
              "catalog-drift.problem.read is the platform team's; ask them for the drift report",
          },
          response: { statusCode: 403 },
        },
        403,
      ),
    );

    const error = await client.getProblems().catch(e => e);
    expect(error).toBeInstanceOf(CatalogDriftRequestError);
    expect(error).toMatchObject({
      message:
        "catalog-drift.problem.read is the platform team's; ask them for the drift report",
      status: 403,
      reason: 'NotAllowedError',
    });
  });
});
