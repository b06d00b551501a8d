import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { examples } from './followupCreate.examples';
import {
  createProvisioningFollowupCreateAction,
  platformConfigRepoOf,
} from './followupCreate';

const BASE = 'http://backstage.test/api/delivery';

/** The delivery plugin's POST /followups: one follow-up per pull request, as the plugin keeps. */
function fakeDeliveryApi() {
  const recorded = new Map<string, any>();
  const calls: Array<{ authorization: string | null; body: any }> = [];
  const handler = http.post(`${BASE}/followups`, async ({ request }) => {
    const body = (await request.json()) as any;
    calls.push({ authorization: request.headers.get('authorization'), body });
    if (
      typeof body.pullRequestNumber !== 'number' ||
      body.pullRequestNumber < 1
    ) {
      return HttpResponse.json(
        {
          error: {
            message:
              'pullRequestNumber: must be the pull request number, a positive integer',
          },
        },
        { status: 400 },
      );
    }
    const key = `${body.platformConfigRepo}#${body.pullRequestNumber}`;
    const existing = recorded.get(key);
    if (existing) return HttpResponse.json(existing, { status: 200 });
    const followup = {
      id: `f-${recorded.size + 1}`,
      state: 'pr-open',
      ...body,
    };
    recorded.set(key, followup);
    return HttpResponse.json(followup, { status: 201 });
  });
  return { recorded, calls, handler };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function action() {
  return createProvisioningFollowupCreateAction({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    }),
    auth: mockServices.auth(),
  });
}

const input = {
  service: 'ledger-api',
  entityRef: 'component:default/ledger-api',
  repositoryUrl: 'https://github.com/acme/ledger-api',
  platformConfigRepoUrl: 'localhost:7070?owner=acme&repo=platform-config',
  pullRequestNumber: 7,
  pullRequestUrl: 'http://localhost:7070/acme/platform-config/pull/7',
  branch: 'runway/new-service-ledger-api',
  owner: 'group:default/payments',
};

function context(overrides: object = {}) {
  const memo = new Map<string, unknown>();
  const ctx = createMockActionContext({
    input: { ...input, ...overrides },
    user: { ref: 'user:default/grace-liu' },
  });
  ctx.checkpoint = (async (opts: {
    key: string;
    fn: () => Promise<unknown>;
  }) => {
    if (!memo.has(opts.key)) memo.set(opts.key, await opts.fn());
    return memo.get(opts.key);
  }) as typeof ctx.checkpoint;
  return ctx;
}

describe('provisioning:followup:create', () => {
  let api: ReturnType<typeof fakeDeliveryApi>;
  beforeEach(() => {
    api = fakeDeliveryApi();
    server.resetHandlers(api.handler);
  });

  it('records the pull request with the task’s user as the requester, as Runway’s scaffolder service', async () => {
    const ctx = context();
    await action().handler(ctx);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].authorization).toMatch(/^Bearer mock-service-token/);
    expect(api.calls[0].body).toEqual({
      service: 'ledger-api',
      entityRef: 'component:default/ledger-api',
      repositoryUrl: 'https://github.com/acme/ledger-api',
      platformConfigRepo: 'acme/platform-config',
      pullRequestNumber: 7,
      pullRequestUrl: 'http://localhost:7070/acme/platform-config/pull/7',
      branch: 'runway/new-service-ledger-api',
      requester: 'user:default/grace-liu',
      ownerTeam: 'group:default/payments',
      taskId: ctx.task.id,
    });
    expect(ctx.output).toHaveBeenCalledWith('followupId', 'f-1');
    expect(ctx.output).toHaveBeenCalledWith('state', 'pr-open');
  });

  it('replays its checkpoint on a retry, and a second task for the same PR gets the same follow-up', async () => {
    const ctx = context();
    await action().handler(ctx);
    await action().handler(ctx);
    expect(api.calls).toHaveLength(1);
    const other = context();
    await action().handler(other);
    expect(api.recorded.size).toBe(1);
    expect(other.output).toHaveBeenCalledWith('followupId', 'f-1');
  });

  it('turns a refused request into an InputError with the plugin’s reason', async () => {
    await expect(
      action().handler(context({ pullRequestNumber: 0 })),
    ).rejects.toThrow(
      'The provisioning follow-up was refused: pullRequestNumber: must be the pull request number, a positive integer',
    );
  });

  it('needs a person, and records nothing on a dry run', async () => {
    const noUser = createMockActionContext({ input });
    await expect(action().handler(noUser)).rejects.toThrow(
      /needs a person to tell/,
    );
    const dry = context();
    dry.isDryRun = true;
    await action().handler(dry);
    // A template test dry-runs it as a service, with no person: nothing is recorded either way.
    const dryWithoutPerson = createMockActionContext({ input });
    dryWithoutPerson.isDryRun = true;
    await action().handler(dryWithoutPerson);
    expect(api.calls).toEqual([]);
    expect(dry.output).toHaveBeenCalledWith('state', 'pr-open');
    expect(dryWithoutPerson.output).toHaveBeenCalledWith('state', 'pr-open');
  });

  it('reads the platform-config repository from a repoUrl or owner/repo, and says what is wrong otherwise', () => {
    expect(
      platformConfigRepoOf('github.com?owner=acme&repo=platform-config'),
    ).toBe('acme/platform-config');
    expect(platformConfigRepoOf('acme/platform-config')).toBe(
      'acme/platform-config',
    );
    expect(() => platformConfigRepoOf('https://github.com/acme')).toThrow(
      /platformConfigRepoUrl must read host\?owner=<org>&repo=<repo>/,
    );
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s',
    async (_d, example) => {
      const [step] = yaml.parse(example.example).steps;
      const ctx = context(step.input);
      await action().handler(ctx);
      expect(api.calls[0].body.pullRequestNumber).toBe(42);
      expect(ctx.output).toHaveBeenCalledWith('state', 'pr-open');
    },
  );
});
