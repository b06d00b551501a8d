import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ArgoCdClient, ArgoCdApplication } from '@runway/platform-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';
import { FakeClock, START, newEnvironment } from '../__testUtils__/fixtures';
import { DatabaseEnvironmentStore } from '../database/DatabaseEnvironmentStore';
import { EnvironmentRecord } from '../database/EnvironmentStore';
import { NotificationFailureNotifier } from './FailureNotifier';
import { HealthWatcher } from './HealthWatcher';
import { GithubPullRequestCommenter } from './PullRequestCommenter';

jest.setTimeout(60_000);

const ARGOCD = 'https://argocd.test';
const GITHUB = 'https://api.github.com';
const PR = 'https://github.com/acme/checkout-api/pull/42';
const READY_TIMEOUT_MS = 15 * 60_000;

/** Argo CD as the msw handlers answer it: Application name → status; `down` answers 503. */
class FakeArgoCd {
  applications = new Map<string, ArgoCdApplication['status']>();
  down = false;
  set(name: string, status: ArgoCdApplication['status']) {
    this.applications.set(name, status);
  }
  handlers() {
    return [
      http.get(`${ARGOCD}/api/v1/applications/:name`, ({ params, request }) => {
        if (request.headers.get('authorization') !== 'Bearer t0ken') {
          return HttpResponse.json({ message: 'no session' }, { status: 401 });
        }
        if (this.down) {
          return HttpResponse.json({ message: 'unavailable' }, { status: 503 });
        }
        const status = this.applications.get(String(params.name));
        if (!status) {
          return HttpResponse.json(
            { error: 'not found', code: 5, message: 'not found' },
            { status: 404 },
          );
        }
        return HttpResponse.json({
          metadata: { name: params.name, namespace: 'argocd' },
          status,
        });
      }),
    ];
  }
}

/** The pull request's comments, as GitHub's REST API keeps them. */
class FakePullRequest {
  comments: Array<{ id: number; body: string; html_url: string }> = [];
  handlers() {
    const path = `${GITHUB}/repos/acme/checkout-api/issues/42/comments`;
    return [
      http.get(path, () => HttpResponse.json(this.comments)),
      http.post(path, async ({ request }) => {
        const { body } = (await request.json()) as { body: string };
        const comment = {
          id: this.comments.length + 1,
          body,
          html_url: `${PR}#issuecomment-${this.comments.length + 1}`,
        };
        this.comments.push(comment);
        return HttpResponse.json(comment, { status: 201 });
      }),
      http.patch(
        `${GITHUB}/repos/acme/checkout-api/issues/comments/:id`,
        async ({ params, request }) => {
          const comment = this.comments.find(c => c.id === Number(params.id))!;
          comment.body = ((await request.json()) as { body: string }).body;
          return HttpResponse.json(comment);
        },
      ),
    ];
  }
}

const healthy = {
  sync: { status: 'Synced' as const },
  health: { status: 'Healthy' as const },
};
const progressing = {
  sync: { status: 'OutOfSync' as const },
  health: { status: 'Progressing' as const },
};

const server = setupServer();
registerMswTestHooks(server);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

describe.each(databases.eachSupportedId())(
  'HealthWatcher on %p',
  databaseId => {
    async function setup() {
      const store = await DatabaseEnvironmentStore.fromKnex(
        await databases.init(databaseId),
      );
      const clock = new FakeClock(START);
      const argocd = new FakeArgoCd();
      const pullRequest = new FakePullRequest();
      server.use(...argocd.handlers(), ...pullRequest.handlers());
      const notifications = { send: jest.fn(async () => {}) };
      const watcher = () =>
        new HealthWatcher({
          store,
          argocd: new ArgoCdClient({
            url: ARGOCD,
            token: 't0ken',
            requestTimeoutMs: 5_000,
          }),
          notifier: new NotificationFailureNotifier({
            notifications,
            appBaseUrl: 'https://runway.test',
          }),
          commenter: new GithubPullRequestCommenter({
            integrations: ScmIntegrations.fromConfig(
              new ConfigReader({
                integrations: { github: [{ host: 'github.com', token: 'gh' }] },
              }),
            ),
            github: {
              host: 'github.com',
              org: 'acme',
              platformConfigRepo: 'platform-config',
              writeIntervalMs: 0,
              requestTimeoutMs: 5_000,
            },
            appBaseUrl: 'https://runway.test',
            logger: mockServices.logger.mock(),
          }),
          clock,
          logger: mockServices.logger.mock(),
          auditor: mockServices.auditor.mock({
            createEvent: jest.fn(async () => ({
              success: jest.fn(async () => {}),
              fail: jest.fn(async () => {}),
            })),
          }),
          readyTimeoutMs: READY_TIMEOUT_MS,
        });
      const env = (await store.insert(
        newEnvironment({
          name: 'pr-42',
          state: 'provisioning',
          readyWhenHealthy: true,
          pullRequestUrl: PR,
          services: [
            { entityRef: 'component:default/checkout-api', branch: 'pr-42' },
            { entityRef: 'component:default/ledger', branch: 'main' },
          ],
          urls: {
            'checkout-api': 'https://checkout-api.pr-42.env.acme.example',
            ledger: 'https://ledger.pr-42.env.acme.example',
          },
        }),
      ))!;
      const current = async () => (await store.getByName('pr-42'))!;
      const events = async () => (await store.events(env.id)).map(e => e.type);
      return {
        store,
        clock,
        argocd,
        pullRequest,
        notifications,
        watcher,
        env,
        current,
        events,
      };
    }

    const apps = ['rw-env-pr-42', 'rw-pr-42-checkout-api', 'rw-pr-42-ledger'];

    it('waits while Applications progress, then marks it active and comments ready once', async () => {
      const { argocd, pullRequest, watcher, current, events, clock } =
        await setup();
      argocd.set(apps[0], healthy);
      argocd.set(apps[1], progressing);
      // apps[2] is not there yet.
      await watcher().watch();
      expect((await current()).state).toBe('provisioning');
      expect(pullRequest.comments).toHaveLength(0);

      for (const app of apps) argocd.set(app, healthy);
      clock.advanceHours(0.1);
      const result = await watcher().watch();
      expect(result.ready).toEqual(['pr-42']);
      expect((await current()).state).toBe('active');
      expect(await events()).toEqual(['ready']);
      expect(pullRequest.comments).toHaveLength(1);
      expect(pullRequest.comments[0].body).toContain(
        '### Environment `pr-42` is ready',
      );
      expect(pullRequest.comments[0].body).toContain(
        'https://ledger.pr-42.env.acme.example',
      );

      // Nothing more happens on later passes.
      await watcher().watch();
      expect(pullRequest.comments).toHaveLength(1);
    });

    it("fails it with Argo CD's message when one Application is Degraded, tells the owners, and never comments ready", async () => {
      const { argocd, pullRequest, notifications, watcher, current, events } =
        await setup();
      argocd.set(apps[0], healthy);
      argocd.set(apps[1], {
        sync: { status: 'Unknown' },
        health: {
          status: 'Degraded',
          message: 'ComparisonError: app path does not exist',
        },
      });
      argocd.set(apps[2], healthy);
      await watcher().watch();
      const failed = await current();
      expect(failed.state).toBe('failed');
      expect(failed.failureReason).toBe(
        'rw-pr-42-checkout-api: Degraded: ComparisonError: app path does not exist',
      );
      expect(await events()).toEqual(['failed']);
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: ['user:default/jane', 'group:default/payments'],
          },
          payload: expect.objectContaining({
            title: 'Environment pr-42 failed',
            description: expect.stringContaining('app path does not exist'),
          }),
        }),
      );
      expect(pullRequest.comments).toHaveLength(1);
      expect(pullRequest.comments[0].body).toContain('failed');
      expect(pullRequest.comments[0].body).toContain('app path does not exist');
      expect(pullRequest.comments[0].body).not.toMatch(/is ready/);

      // A late Healthy never revives it.
      argocd.set(apps[1], healthy);
      await watcher().watch();
      expect((await current()).state).toBe('failed');
      expect(pullRequest.comments.map(c => c.body).join()).not.toMatch(
        /is ready/,
      );
    });

    it('fails it when still progressing after readyTimeout, naming the Application', async () => {
      const { argocd, watcher, current, clock } = await setup();
      for (const app of apps) argocd.set(app, healthy);
      argocd.set(apps[2], progressing);
      clock.set(new Date(START.getTime() + READY_TIMEOUT_MS - 1000));
      await watcher().watch();
      expect((await current()).state).toBe('provisioning');
      clock.set(new Date(START.getTime() + READY_TIMEOUT_MS));
      await watcher().watch();
      const failed = await current();
      expect(failed.state).toBe('failed');
      expect(failed.failureReason).toBe(
        'not healthy after 15 minutes: rw-pr-42-ledger OutOfSync/Progressing',
      );
    });

    it('changes nothing while Argo CD does not answer, even past the timeout', async () => {
      const { argocd, pullRequest, watcher, current, events, clock } =
        await setup();
      argocd.down = true;
      clock.advanceHours(1);
      const result = await watcher().watch();
      expect(result.unknown).toEqual(['pr-42']);
      expect((await current()).state).toBe('provisioning');
      expect(await events()).toEqual([]);
      expect(pullRequest.comments).toHaveLength(0);
    });

    it('comments once when two watchers (two backends) decide at the same time', async () => {
      const { argocd, pullRequest, watcher, current, events } = await setup();
      for (const app of apps) argocd.set(app, healthy);
      const results = await Promise.all([watcher().watch(), watcher().watch()]);
      expect(results.flatMap(r => r.ready)).toEqual(['pr-42']);
      expect(results.flatMap(r => r.commented)).toEqual(['pr-42']);
      expect((await current()).state).toBe('active');
      expect(await events()).toEqual(['ready']);
      expect(pullRequest.comments).toHaveLength(1);
    });

    it('retries a comment GitHub refused, still once', async () => {
      const { argocd, pullRequest, watcher, current } = await setup();
      for (const app of apps) argocd.set(app, healthy);
      server.use(
        http.post(
          `${GITHUB}/repos/acme/checkout-api/issues/42/comments`,
          () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 }),
          { once: true },
        ),
      );
      await watcher().watch();
      expect((await current()).state).toBe('active');
      expect(pullRequest.comments).toHaveLength(0);
      await watcher().watch();
      expect(pullRequest.comments).toHaveLength(1);
    });

    it('leaves environments it does not decide alone', async () => {
      const { store, argocd, watcher } = await setup();
      const other = (await store.insert(
        newEnvironment({ name: 'pr-7', state: 'provisioning' }),
      )) as EnvironmentRecord;
      argocd.set('rw-env-pr-7', healthy);
      argocd.set('rw-pr-7-checkout-api', healthy);
      await watcher().watch();
      expect((await store.getByName(other.name))!.state).toBe('provisioning');
    });
  },
);
