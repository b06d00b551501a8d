/**
 * An environment is ready only when Argo CD says Healthy, end to end on the devstack: the
 * ephemeral-environment template run by the real scaffolder, delivered into the forge's
 * platform-config, read by the devstack's Argo CD stand-in (which derives the Applications from
 * platform-config's main branch and checks each source on the forge), and decided by the
 * environments plugin's health watcher through the stand-in's REST API. A service on a branch that
 * does not exist is Degraded: the environment ends `failed` with Argo CD's message and its pull
 * request gets no "ready" comment. A healthy one ends `active` with one "ready" comment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SchedulerService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Octokit } from '@octokit/rest';
import {
  Devstack,
  openPullRequest as openDevstackPullRequest,
  startDevstack,
} from '@runway/devstack';
import environmentsPlugin from '@runway/plugin-environments-backend';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import request from 'supertest';
import {
  repoRoot,
  startGoldenPathBackend,
} from './__testUtils__/goldenPathBackend';
import { runTask, waitForEntity } from './__testUtils__/scaffolderTasks';

jest.setTimeout(180_000);

const TEMPLATE = 'template:default/ephemeral-environment';
const USER = mockCredentials.user().principal.userEntityRef;
const SERVICE = 'health-api';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let github: Octokit;
let scheduler: SchedulerService;
const notifications: jest.Mock[] = [];
const platformConfig = { owner: 'acme', repo: 'platform-config' };

const membership = mockServices.userInfo.mock({
  getUserInfo: async () => ({
    userEntityRef: USER,
    ownershipEntityRefs: [USER, 'group:default/storefront'],
  }),
});

/** The environments plugin's scheduler, so the test runs the health watcher when it wants. */
const schedulerOfEnvironments = createBackendModule({
  pluginId: 'environments',
  moduleId: 'test-scheduler',
  register(env) {
    env.registerInit({
      deps: { s: coreServices.scheduler },
      async init({ s }) {
        scheduler = s;
      },
    });
  },
});

/** A service repository on the forge with a deploy/ folder on main, and its Component. */
async function serviceRepository(dir: string): Promise<string> {
  await github.rest.repos.createInOrg({ org: 'acme', name: SERVICE });
  await github.rest.repos.createOrUpdateFileContents({
    owner: 'acme',
    repo: SERVICE,
    path: 'deploy/deployment.yaml',
    message: 'Deployment',
    content: Buffer.from(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${SERVICE}`,
        'spec:',
        '  replicas: 1',
        '  selector:',
        `    matchLabels: { app: ${SERVICE} }`,
        '  template:',
        `    metadata: { labels: { app: ${SERVICE} } }`,
        '    spec:',
        `      containers: [{ name: app, image: "ghcr.io/acme/${SERVICE}:1.0.0" }]`,
        '',
      ].join('\n'),
    ).toString('base64'),
  });
  const file = path.join(dir, 'health-api.yaml');
  fs.writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${SERVICE}`,
      '  annotations:',
      `    github.com/project-slug: acme/${SERVICE}`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: group:default/storefront',
      '',
    ].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
    argocd: { progressingMs: 0 },
  });
  github = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-health-'));
  const component = await serviceRepository(dir);
  backend = await startGoldenPathBackend({
    devstack,
    locations: [
      path.join(repoRoot, 'examples', 'org.yaml'),
      component,
      path.join(repoRoot, 'templates/ephemeral-environment/template.yaml'),
    ],
    features: [
      environmentsPlugin,
      schedulerOfEnvironments,
      membership.factory,
      mockServices.permissions.mock(runwayPolicyPermissions(membership))
        .factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => {
          const send = jest.fn(async () => {});
          notifications.push(send);
          return { send };
        },
      }),
    ],
    runway: {
      environments: {
        sweepEnabled: false,
        baseDomain: 'env.acme.example',
        argocd: {
          url: devstack.urls.argocd,
          token: devstack.argocdToken,
          readyTimeout: { minutes: 15 },
        },
      },
    },
  });
  await waitForEntity(backend.server, 'template/default/ephemeral-environment');
  await waitForEntity(backend.server, `component/default/${SERVICE}`);
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
});

const environment = async (name: string) =>
  (
    await request(backend.server)
      .get(`/api/environments/environments/${name}`)
      .set('Authorization', mockCredentials.user.header())
  ).body;

const comments = async (number: number) =>
  (
    await github.rest.issues.listComments({
      ...platformConfig,
      issue_number: number,
    })
  ).data;

/** Runs the health watcher until the environment has left `provisioning` (or 30 s pass). */
async function watchUntilDecided(name: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await scheduler.triggerTask('environments-health');
    const env = await environment(name);
    if (env.state !== 'provisioning' || Date.now() > deadline) return env;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function createEnvironment(name: string, branch: string) {
  const pr = await openDevstackPullRequest(github, {
    ...platformConfig,
    branch: `feature-${name}`,
    title: `Feature ${name}`,
  });
  const task = await runTask(backend.server, TEMPLATE, {
    name,
    type: 'feature',
    owner: 'group:default/storefront',
    lifetimeDays: 2,
    services: [{ entityRef: `component:default/${SERVICE}`, branch }],
    pullRequestUrl: pr.html_url,
  });
  expect(task.status).toBe('completed');
  return { pr, task };
}

describe('an environment is ready when Argo CD says Healthy', () => {
  it('stays provisioning after delivery, then becomes active with one ready comment', async () => {
    const { pr, task } = await createEnvironment('health-ok', 'main');
    expect(task.output.text[0].content).toContain(
      'Runway marks it ready when Argo CD reports all its Applications Healthy',
    );
    // Delivered, not ready: no comment yet.
    expect((await environment('health-ok')).state).toBe('provisioning');
    expect(await comments(pr.number)).toEqual([]);

    const env = await watchUntilDecided('health-ok');
    expect(env.state).toBe('active');
    expect(env.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'ready',
    ]);
    const posted = await comments(pr.number);
    expect(posted).toHaveLength(1);
    expect(posted[0].body).toContain('### Environment `health-ok` is ready');
    expect(posted[0].body).toContain(
      `https://${SERVICE}.health-ok.env.acme.example`,
    );

    // Later passes change nothing.
    await scheduler.triggerTask('environments-health');
    expect(await comments(pr.number)).toHaveLength(1);
  });

  it('ends failed with Argo CD’s message when one Application is unhealthy, and its pull request gets no ready comment', async () => {
    const { pr } = await createEnvironment('health-bad', 'no-such-branch');

    const env = await watchUntilDecided('health-bad');
    expect(env.state).toBe('failed');
    expect(env.failureReason).toMatch(
      new RegExp(`^rw-health-bad-${SERVICE}: .*no-such-branch`),
    );
    expect(env.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'failed',
    ]);
    const posted = await comments(pr.number);
    expect(posted).toHaveLength(1);
    expect(posted[0].body).toContain('### Environment `health-bad` failed');
    expect(posted[0].body).toContain('no-such-branch');
    expect(posted[0].body).not.toMatch(/is ready/);
    // The requester and the team are told, once.
    const sent = notifications.flatMap(send => send.mock.calls);
    expect(
      sent.filter(([n]) => n.payload.title === 'Environment health-bad failed'),
    ).toHaveLength(1);

    // A failed environment still holds resources: its team can destroy it.
    const destroyed = await request(backend.server)
      .delete('/api/environments/environments/health-bad')
      .set('Authorization', mockCredentials.user.header());
    expect(destroyed.status).toBe(200);
    expect(destroyed.body.environment.state).toBe('destroyed');
  });

  it('ends failed with the injected fault’s message when Argo CD reports an Application Degraded', async () => {
    const { pr } = await createEnvironment('health-fault', 'main');
    await fetch(`${devstack.urls.base}/_devstack/argocd/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        application: `rw-health-fault-${SERVICE}`,
        health: 'Degraded',
        message: 'Back-off restarting failed container',
      }),
    }).then(r => expect(r.ok).toBe(true));

    const env = await watchUntilDecided('health-fault');
    expect(env.state).toBe('failed');
    expect(env.failureReason).toBe(
      `rw-health-fault-${SERVICE}: Degraded: Back-off restarting failed container`,
    );
    const posted = await comments(pr.number);
    expect(posted.map(c => c.body).join('\n')).not.toMatch(/is ready/);
  });
});
