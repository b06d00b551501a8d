import { mockApis } from '@backstage/frontend-test-utils';
import { aRun } from '../__testUtils__/fakeOnboardingBackend';
import { OnboardingClient, OnboardingRequestError } from './OnboardingClient';

describe('OnboardingClient', () => {
  const fetch = jest.fn<Promise<Response>, [string, RequestInit]>();
  const client = new OnboardingClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });

  beforeEach(() => fetch.mockReset());

  it('lists the runs from the onboarding backend', async () => {
    const run = aRun('ada-lovelace');
    fetch.mockResolvedValue(json({ runs: [run] }));

    await expect(client.listRuns()).resolves.toEqual([run]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/onboarding/runs',
      { method: 'GET' },
    );
  });

  it('reads a task and its log from the scaffolder, escaping the id', async () => {
    fetch.mockImplementation(async url =>
      json(url.endsWith('/events') ? [] : { id: 'a/b', status: 'completed' }),
    );

    await client.getTask('a/b');
    await client.getTaskEvents('a/b');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage:7007/api/scaffolder/v2/tasks/a%2Fb',
      'http://backstage:7007/api/scaffolder/v2/tasks/a%2Fb/events',
    ]);
  });

  it('reads a hire’s page and ticks a task, escaping the id', async () => {
    fetch.mockImplementation(async (_url, init) =>
      json(
        init.method === 'PUT'
          ? { task: { position: 2, title: 'Badge', doneAt: 'now' } }
          : { run: aRun('ada'), firstDayTasks: [], milestones: [] },
      ),
    );

    await client.getNewHire('00u/ada');
    await expect(client.setFirstDayTask('00u/ada', 2, true)).resolves.toEqual({
      position: 2,
      title: 'Badge',
      doneAt: 'now',
    });
    expect(fetch.mock.calls).toEqual([
      [
        'http://backstage:7007/api/onboarding/hires/00u%2Fada',
        { method: 'GET' },
      ],
      [
        'http://backstage:7007/api/onboarding/hires/00u%2Fada/first-day-tasks/2',
        {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: '{"done":true}',
        },
      ],
    ]);
  });

  it('retries a task with an empty JSON body', async () => {
    fetch.mockResolvedValue(json({ id: 't1' }, 201));

    await client.retryTask('t1');
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/scaffolder/v2/tasks/t1/retry',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
    );
  });

  it("turns a refusal into an error carrying the backend's message and status", async () => {
    fetch.mockResolvedValue(
      json(
        {
          error: {
            name: 'NotAllowedError',
            message:
              'Onboarding runs hold personal data; only the platform team reads them.',
          },
          response: { statusCode: 403 },
        },
        403,
      ),
    );

    const error = await client.listRuns().catch(e => e);
    expect(error).toBeInstanceOf(OnboardingRequestError);
    expect(error).toMatchObject({
      message:
        'Onboarding runs hold personal data; only the platform team reads them.',
      status: 403,
      reason: 'NotAllowedError',
    });
  });
});
