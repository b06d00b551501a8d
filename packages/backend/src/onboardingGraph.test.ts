/**
 * The whole loop through the devstack's Entra ID and Microsoft Graph stand-in, as Graph would
 * drive it: Runway signs in with its app's client credentials and subscribes to users (the
 * stand-in validates the notification URL first); hiring in Entra ID sends the `updated`
 * notification Graph sends for a new user, Runway reads the person from Graph and runs the
 * onboarding. Deleting the user (Entra's soft delete, again an `updated`, after which Graph no
 * longer has them) offboards them from what onboarding recorded.
 */
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import {
  expectTaskCompleted,
  runOf,
  startLocalProxy,
} from './__testUtils__/idpLoop';
import { startOnboardingBackend } from './__testUtils__/onboardingBackend';
import { waitForTask } from './__testUtils__/scaffolderTasks';

jest.setTimeout(300_000);

const CLIENT_STATE = 'graph-client-state-for-the-loop';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startOnboardingBackend>> | undefined;
/** Graph's notification URL must be known before the backend starts: it forwards once it is up. */
let notificationProxy: Awaited<ReturnType<typeof startLocalProxy>>;
/** While set, the proxy refuses notifications (not validations), as a Runway that is down would. */
let runwayDown = false;
/** The test backend's scheduler (a MockSchedulerService, whose factory() installs this very instance). */
const scheduler = mockServices.scheduler() as SchedulerService & {
  factory(): ServiceFactory<SchedulerService>;
};

beforeAll(async () => {
  notificationProxy = await startLocalProxy(async (req, body) => {
    if (!backend) return { status: 503 };
    const query = new URL(req.url ?? '/', 'http://proxy').search;
    if (runwayDown && !query.includes('validationToken')) {
      return { status: 503 };
    }
    const forwarded = await request(backend.server)
      .post(`/api/onboarding/graph/notifications${query}`)
      .set('content-type', String(req.headers['content-type'] ?? 'text/plain'))
      .send(body);
    return {
      status: forwarded.status,
      contentType: forwarded.headers['content-type'] ?? 'text/plain',
      text: forwarded.text,
    };
  });
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  backend = await startOnboardingBackend(
    devstack,
    {
      graph: {
        tenantId: devstack.entraApp.tenantId,
        clientId: devstack.entraApp.clientId,
        clientSecret: devstack.entraApp.clientSecret,
        clientState: CLIENT_STATE,
        notificationUrl: `http://127.0.0.1:${notificationProxy.port}/notifications`,
        apiBaseUrl: devstack.urls.graphApi,
        tokenUrl: devstack.urls.entraTokenUrl,
        // The poll reads Graph's listings: users created since, deleted since, disabled.
        reconcileSince: new Date(Date.now() - 86_400_000)
          .toISOString()
          .slice(0, 10),
      },
    },
    // The subscription task starts after a delay; the test starts it once the backend is up.
    [scheduler.factory()],
  );
  await scheduler.triggerTask('onboarding-graph-subscription');
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
  await notificationProxy?.close();
});

it('subscribes to users in Graph, the stand-in validating Runway’s URL first', () => {
  const [subscription] = devstack.entra.subscriptions.list();
  expect(subscription).toMatchObject({
    resource: 'users',
    changeType: 'created,updated,deleted',
    clientState: CLIENT_STATE,
    applicationId: devstack.entraApp.clientId,
  });
  expect(
    devstack.entra.deliveries().map(d => `${d.kind} ${d.status} ${d.ok}`),
  ).toEqual(['validation 200 true']);
});

it('onboards a person hired in Entra ID, and offboards them when deleted', async () => {
  const hired = await devstack.entra.hire({
    name: 'Dorothy Vaughan',
    email: 'dorothy.vaughan@acme.example',
    githubLogin: 'dvaughan',
    team: 'payments',
    managerEmail: 'grace.liu@acme.example',
    buddyEmail: 'priya.raman@acme.example',
    startDate: '2027-01-11',
  });
  expect(hired.problem).toBeUndefined();
  expect(hired.deliveries.map(d => `${d.detail} ${d.status}`)).toEqual([
    'updated 202',
  ]);
  const joined = await runOf(backend!.server, hired.user.id, 'onboard');
  expect(joined).toMatchObject({ state: 'started', source: 'graph' });
  expect(joined.person).toMatchObject({
    email: 'dorothy.vaughan@acme.example',
    githubLogin: 'dvaughan',
    team: 'payments',
    manager: 'grace.liu@acme.example',
    buddy: 'priya.raman@acme.example',
    startDate: '2027-01-11',
  });
  await expectTaskCompleted(backend!.server, joined.taskId);
  expect(
    devstack.forge.state.data.pulls.filter(
      p => p.head === 'runway/engineer-dvaughan',
    ),
  ).toHaveLength(1);
  const mails = devstack.smtp
    .messages()
    .filter(m => m.to.includes('dorothy.vaughan@acme.example'));
  expect(mails).toHaveLength(1);
  expect(
    mails[0].attachments.filter(a => a.contentType.startsWith('text/calendar'))
      .length,
  ).toBeGreaterThanOrEqual(3);
  const slack = devstack.slack;
  const dorothy = slack.userByEmail('dorothy.vaughan@acme.example')!;
  expect(slack.isMember(slack.channel('team-payments')!.id, dorothy.id)).toBe(
    true,
  );

  const left = await devstack.entra.delete(hired.user.id);
  expect(left.problem).toBeUndefined();
  const leaving = await runOf(backend!.server, hired.user.id, 'offboard');
  expect(leaving).toMatchObject({ state: 'started', source: 'graph' });
  await expectTaskCompleted(backend!.server, leaving.taskId);
  expect(slack.isMember(slack.channel('team-payments')!.id, dorothy.id)).toBe(
    false,
  );

  // Deleting permanently, 30 days on in Entra, is the same departure: no second run.
  await devstack.entra.purge(hired.user.id);
  const { body } = await request(backend!.server)
    .get('/api/onboarding/runs')
    .set('Authorization', mockCredentials.user.header());
  expect(
    body.runs
      .filter((r: any) => r.idpUserId === hired.user.id)
      .map((r: any) => r.kind)
      .sort(),
  ).toEqual(['offboard', 'onboard']);
});

it('reauthorizes and renews the subscription when Graph asks', async () => {
  const [subscription] = devstack.entra.subscriptions.list();
  const sent = await devstack.entra.subscriptions.lifecycle(
    subscription.id,
    'reauthorizationRequired',
  );
  expect(sent.problem).toBeUndefined();
  // Runway answers at once and reauthorizes after: the stand-in's flag clears then.
  const deadline = Date.now() + 30_000;
  while (
    devstack.entra.subscriptions.get(subscription.id).reauthorizationRequired
  ) {
    if (Date.now() > deadline) throw new Error('Runway never reauthorized');
    await new Promise(r => setTimeout(r, 50));
  }
  expect(devstack.entra.subscriptions.list()).toHaveLength(1);
});

it('onboards a hire whose notification never arrived, at the next reconciliation poll', async () => {
  runwayDown = true;
  let hired;
  try {
    hired = await devstack.entra.hire({
      name: 'Mary Jackson',
      email: 'mary.jackson@acme.example',
      githubLogin: 'mjackson',
      team: 'payments',
      managerEmail: 'grace.liu@acme.example',
      startDate: '2027-01-18',
    });
  } finally {
    runwayDown = false;
  }
  expect(hired.problem).toMatch(/updated: answered 503/);
  await scheduler.triggerTask('onboarding-graph-reconcile');
  const joined = await runOf(backend!.server, hired.user.id, 'onboard');
  expect(joined).toMatchObject({ state: 'started', source: 'graph' });
  expect(joined.person).toMatchObject({ githubLogin: 'mjackson' });
  const onboarding = await waitForTask(backend!.server, joined.taskId);
  expect(onboarding.status).toBe('completed');
});
