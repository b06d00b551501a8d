import { ConfigReader } from '@backstage/config';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  ArgoCdClient,
  ArgoCdRequestError,
  ArgoCdUnavailableError,
} from './ArgoCdClient';
import { readArgoCdSettings } from './settings';
import { applicationVerdict } from './verdict';
import { ArgoCdApplication } from './types';

const API = 'https://argocd.test/api/v1';
const server = setupServer();
registerMswTestHooks(server);

const settings = (extra: Record<string, unknown> = {}) =>
  readArgoCdSettings(
    new ConfigReader({
      runway: {
        environments: {
          argocd: { url: 'https://argocd.test/', token: 's3cret', ...extra },
        },
      },
    }),
  )!;

const app = (status: ArgoCdApplication['status']): ArgoCdApplication => ({
  metadata: { name: 'rw-env-pr-1', namespace: 'argocd' },
  status,
});

describe('readArgoCdSettings', () => {
  it('is undefined without a url, and needs a token with one', () => {
    expect(readArgoCdSettings(new ConfigReader({}))).toBeUndefined();
    expect(() =>
      readArgoCdSettings(
        new ConfigReader({
          runway: { environments: { argocd: { url: 'https://a.test' } } },
        }),
      ),
    ).toThrow(/runway\.environments\.argocd\.token/);
    expect(settings()).toEqual({
      url: 'https://argocd.test',
      token: 's3cret',
      requestTimeoutMs: 10_000,
    });
  });
});

describe('ArgoCdClient', () => {
  it('reads an Application with the bearer token', async () => {
    server.use(
      http.get(`${API}/applications/:name`, ({ request, params }) => {
        if (request.headers.get('authorization') !== 'Bearer s3cret') {
          return HttpResponse.json({ message: 'no' }, { status: 401 });
        }
        return HttpResponse.json({
          metadata: { name: params.name },
          status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
        });
      }),
    );
    const found = await new ArgoCdClient(settings()).getApplication('rw-env-a');
    expect(found).toEqual({
      found: true,
      application: expect.objectContaining({ metadata: { name: 'rw-env-a' } }),
    });
    expect(
      applicationVerdict(found.found ? found.application : undefined),
    ).toEqual({
      verdict: 'healthy',
    });
  });

  it('answers absent for a 404', async () => {
    server.use(
      http.get(`${API}/applications/:name`, () =>
        HttpResponse.json(
          {
            error: 'not found',
            code: 5,
            message: 'applications.argoproj.io "x" not found',
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      new ArgoCdClient(settings()).getApplication('x'),
    ).resolves.toEqual({ found: false });
  });

  it('calls 5xx, network failures and timeouts unavailable, never a verdict', async () => {
    const client = new ArgoCdClient(settings({ requestTimeoutMs: 50 }));
    server.use(
      http.get(`${API}/applications/five`, () =>
        HttpResponse.json({ message: 'etcd' }, { status: 503 }),
      ),
      http.get(`${API}/applications/net`, () => HttpResponse.error()),
      http.get(`${API}/applications/slow`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await expect(client.getApplication('five')).rejects.toThrow(
      ArgoCdUnavailableError,
    );
    await expect(client.getApplication('net')).rejects.toThrow(
      ArgoCdUnavailableError,
    );
    await expect(client.getApplication('slow')).rejects.toThrow(
      /no answer within 50 ms/,
    );
  });

  it('names the token when Argo CD refuses it, without showing it', async () => {
    server.use(
      http.get(`${API}/applications/:name`, () =>
        HttpResponse.json({ message: 'invalid session' }, { status: 401 }),
      ),
    );
    const error = await new ArgoCdClient(settings())
      .getApplication('a')
      .catch(e => e);
    expect(error).toBeInstanceOf(ArgoCdRequestError);
    expect(error.message).toMatch(/runway\.environments\.argocd\.token/);
    expect(error.message).not.toContain('s3cret');
  });

  it('lists Applications by label selector', async () => {
    server.use(
      http.get(`${API}/applications`, ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json({
          items:
            url.searchParams.get('selector') === 'runway.dev/environment=pr-1'
              ? [app({})]
              : [],
        });
      }),
    );
    const client = new ArgoCdClient(settings());
    await expect(
      client.listApplications({ selector: 'runway.dev/environment=pr-1' }),
    ).resolves.toHaveLength(1);
  });
});

describe('applicationVerdict', () => {
  it.each([
    [undefined, { verdict: 'waiting', status: 'absent' }],
    [
      app({ sync: { status: 'OutOfSync' }, health: { status: 'Progressing' } }),
      { verdict: 'waiting', status: 'OutOfSync/Progressing' },
    ],
    [
      app({
        health: { status: 'Degraded', message: 'Back-off pulling image' },
      }),
      { verdict: 'failed', reason: 'Degraded: Back-off pulling image' },
    ],
    [
      app({
        health: { status: 'Healthy' },
        sync: { status: 'Unknown' },
        conditions: [
          {
            type: 'ComparisonError',
            message: 'ComparisonError: app path does not exist',
          },
        ],
      }),
      { verdict: 'failed', reason: 'ComparisonError: app path does not exist' },
    ],
    [
      app({
        health: { status: 'Progressing' },
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
        },
      }),
      {
        verdict: 'failed',
        reason: 'sync failed: one or more objects failed to apply',
      },
    ],
  ])('%#', (application, expected) => {
    expect(applicationVerdict(application)).toEqual(expected);
  });
});
