/**
 * End to end on the real devstack: the new-service golden path opens its Terraform pull request
 * and records a follow-up; the Atlantis stand-in applies it (comment, `atlantis/apply` status,
 * automerge), and the forge's signed webhooks reach the delivery plugin through the events
 * backend, as in production. The Component ends up annotated and the requester told exactly once;
 * every webhook redelivered (same X-GitHub-Delivery) changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import {
  repoRoot,
  startGoldenPathBackend,
} from './__testUtils__/goldenPathBackend';
import { childEnv, run } from './__testUtils__/processes';
import { waitForEntity, waitForTask } from './__testUtils__/scaffolderTasks';

jest.setTimeout(240_000);

const SECRET = 'delivery-webhook-secret-for-tests';
const REQUESTER = 'user:default/grace-liu';
const SERVICE = 'ledger-provisioned';
// The annotations as people read them on the entity (docs/provisioning.md).
const PROVISIONED_AT_ANNOTATION = 'runway.dev/provisioned-at';
const TERRAFORM_PULL_REQUEST_ANNOTATION = 'runway.dev/terraform-pull-request';

// The GitHub events module's default export is a feature loader Jest cannot import(); these are
// the two modules it loads (signature-checked ingress, topic router), as githubPushActivity.test.ts.
const githubModuleDir = path.dirname(
  require.resolve('@backstage/plugin-events-backend-module-github'),
);
const githubEventsModules: BackendFeature[] = [
  'service/eventsModuleGithubWebhook.cjs.js',
  'service/eventsModuleGithubEventRouter.cjs.js',
].map(file => require(path.join(githubModuleDir, file)).default);

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startGoldenPathBackend>>;
const notifications: NotificationSendOptions[] = [];

/** Polls `check` until it returns something, or fails naming what never happened. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Never happened: ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** The devstack forge's REST API, as Runway's token. */
async function forgeApi(method: string, apiPath: string, body?: object) {
  const res = await fetch(`${devstack.urls.githubApi}${apiPath}`, {
    method,
    headers: {
      Authorization: `token ${devstack.githubToken}`,
      Accept: 'application/vnd.github+json',
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** Runway's direct messages to the requester in the devstack's Slack. */
function dmsToRequester() {
  const user = devstack.slack
    .users()
    .find(u => u.email === 'grace.liu@acme.example')!;
  return devstack.slack
    .messagesIn(devstack.slack.openIm(user.id).id)
    .filter(m => m.text?.includes(`${SERVICE} is provisioned`));
}

const appliedNotifications = () =>
  notifications.filter(
    n =>
      n.payload.title === `${SERVICE} is provisioned` &&
      JSON.stringify(n.recipients) ===
        JSON.stringify({ type: 'entity', entityRef: REQUESTER }),
  );

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  const examples = (file: string) => path.join(repoRoot, 'examples', file);
  backend = await startGoldenPathBackend({
    devstack,
    locations: [
      examples('org.yaml'),
      examples('systems.yaml'),
      examples('components.yaml'),
      path.join(repoRoot, 'templates/new-service/template.yaml'),
    ],
    features: [
      eventsPlugin,
      ...githubEventsModules,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            notifications.push(notification);
          },
        }),
      }),
    ],
    config: {
      events: {
        // The event bus's long poll holds the server open this long on stop (default 55 s).
        notifyTimeoutMs: 500,
        http: { topics: ['github'] },
        modules: { github: { webhookSecret: SECRET } },
      },
    },
  });
  // GitHub's organisation webhook, as the platform team sets it up for Runway.
  const port = (backend.server.address() as AddressInfo).port;
  const hook = await fetch(`${devstack.urls.githubApi}/orgs/acme/hooks`, {
    method: 'POST',
    headers: {
      Authorization: `token ${devstack.githubToken}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      name: 'web',
      events: ['pull_request', 'status', 'issue_comment'],
      config: {
        url: `http://localhost:${port}/api/events/http/github`,
        content_type: 'json',
        secret: SECRET,
      },
    }),
  });
  if (hook.status !== 201) {
    throw new Error(`The forge refused the org webhook: ${hook.status}`);
  }
  await waitForEntity(backend.server, 'template/default/new-service');
  await waitForEntity(backend.server, 'group/default/payments');
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
});

describe('a new service, followed after its pull request', () => {
  it('is annotated and its requester told exactly once when Atlantis applies it, even when every webhook is redelivered', async () => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(REQUESTER))
      .send({
        templateRef: 'template:default/new-service',
        values: {
          name: SERVICE,
          description: 'Keeps the books, provisioned.',
          owner: 'group:default/payments',
          system: 'system:default/checkout',
          language: 'typescript',
          database: 'postgres',
          lifecycle: 'experimental',
          tags: [],
          pagerdutyServiceId: 'PABC123',
        },
      });
    expect(created.status).toBe(201);
    const task = await waitForTask(backend.server, created.body.id);
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : task.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    const prUrl: string = task.output.links.find(
      (l: { title: string }) => l.title === 'Terraform pull request',
    ).url;
    const pull = Number(prUrl.split('/').pop());
    expect(task.output.text?.[0]?.content).toContain('pr-open');

    // Before the apply: recorded, nobody told, no annotation.
    const followups = await request(backend.server)
      .get('/api/delivery/followups')
      .set('Authorization', mockCredentials.user.header(REQUESTER));
    expect(followups.body.items).toEqual([
      expect.objectContaining({
        service: SERVICE,
        state: 'pr-open',
        requester: REQUESTER,
        pullRequest: { number: pull, url: prUrl },
      }),
    ]);
    expect(appliedNotifications()).toHaveLength(0);

    const applied = await fetch(
      `${devstack.urls.base}/_devstack/atlantis/apply`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          repo: 'acme/platform-config',
          pull,
          outcome: 'success',
        }),
      },
    );
    expect(applied.ok).toBe(true);

    const entity = await waitFor(
      'the Component carries runway.dev/provisioned-at',
      async () => {
        const res = await request(backend.server)
          .get(`/api/catalog/entities/by-name/component/default/${SERVICE}`)
          .set('Authorization', mockCredentials.user.header());
        return res.body?.metadata?.annotations?.[PROVISIONED_AT_ANNOTATION]
          ? res.body
          : undefined;
      },
    );
    expect(entity.metadata.annotations[TERRAFORM_PULL_REQUEST_ANNOTATION]).toBe(
      prUrl,
    );
    await waitFor(
      'the Slack DM and the notification',
      () => dmsToRequester().length >= 1 && appliedNotifications().length >= 1,
    );
    await devstack.forge.webhooks.idle();
    expect(dmsToRequester()).toHaveLength(1);
    expect(appliedNotifications()).toHaveLength(1);
    expect(dmsToRequester()[0].text).toContain(prUrl);

    // GitHub's "Redeliver" on every webhook about the pull request: same delivery ids, no news.
    const sent = devstack.forge.webhooks.deliveries.filter(
      d =>
        d.repository === 'acme/platform-config' &&
        !d.redelivery &&
        d.status === 202,
    );
    expect(new Set(sent.map(d => d.event))).toEqual(
      new Set(['pull_request', 'status', 'issue_comment']),
    );
    for (const delivery of sent) {
      const again = await devstack.forge.webhooks.redeliver(delivery.id);
      expect(again.status).toBe(202);
    }
    await devstack.forge.webhooks.idle();
    expect(dmsToRequester()).toHaveLength(1);
    expect(appliedNotifications()).toHaveLength(1);
    const { body: followup } = await request(backend.server)
      .get(`/api/delivery/followups/${followups.body.items[0].id}`)
      .set('Authorization', mockCredentials.user.header(REQUESTER));
    expect(followup.state).toBe('applied');
    expect(
      followup.events.filter((e: { type: string }) => e.type === 'notified'),
    ).toHaveLength(1);
  });

  it('then deploys: the tag bump merged, Argo CD reports the staging Application Synced and Healthy with that image', async () => {
    const head = await forgeApi('GET', `/repos/acme/${SERVICE}/commits/main`);
    expect(head.status).toBe(200);
    const tag: string = head.body.sha;
    const outputs = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-')),
      'out',
    );
    const bump = await run(
      process.execPath,
      [
        path.join(repoRoot, 'packages/cli/bin/runway'),
        'deploy',
        'bump',
        '--service',
        SERVICE,
        '--stage',
        'staging',
        '--image-tag',
        tag,
        '--github-output',
        outputs,
      ],
      {
        cwd: repoRoot,
        env: childEnv({
          GITHUB_TOKEN: devstack.githubToken,
          GITHUB_API_URL: devstack.urls.githubApi,
        }),
      },
    );
    expect(bump).toMatchObject({ code: 0 });
    const prUrl = /pull-request=(\S+)/.exec(
      fs.readFileSync(outputs, 'utf8'),
    )?.[1];
    expect(prUrl).toBeDefined();
    const pull = Number(prUrl!.split('/').pop());
    const merged = await forgeApi(
      'PUT',
      `/repos/acme/platform-config/pulls/${pull}/merge`,
      {
        merge_method: 'merge',
      },
    );
    expect(merged.status).toBe(200);

    const application = await waitFor(
      `${SERVICE}-staging Synced and Healthy with ${tag}`,
      async () => {
        const res = await fetch(
          `${devstack.urls.argocdApi}/applications/${SERVICE}-staging`,
          {
            headers: { Authorization: `Bearer ${devstack.argocdToken}` },
          },
        );
        if (res.status !== 200) return undefined;
        const app = await res.json();
        return app.status?.sync?.status === 'Synced' &&
          app.status?.health?.status === 'Healthy' &&
          JSON.stringify(app.spec?.source?.kustomize?.images ?? []).includes(
            tag,
          )
          ? app
          : undefined;
      },
    );
    expect(application.metadata.labels).toMatchObject({
      'runway.dev/service': SERVICE,
      'runway.dev/stage': 'staging',
    });
    // What the service page's Kubernetes tab lists: its pods, by its kubernetes-id, on that image.
    const pods = await waitFor(`${SERVICE}'s pods running ${tag}`, async () => {
      const running = devstack.kubernetes
        .list('Pod')
        .filter(
          pod =>
            pod.metadata.labels?.['backstage.io/kubernetes-id'] === SERVICE &&
            JSON.stringify(pod.spec).includes(`:${tag}`),
        );
      return running.length ? running : undefined;
    });
    expect(pods[0].status).toMatchObject({ phase: 'Running' });
  });

  it('tells the requester what to do when the apply fails, and moves on when a second apply succeeds', async () => {
    const name = 'ledger-retried-apply';
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(REQUESTER))
      .send({
        templateRef: 'template:default/new-service',
        values: {
          name,
          description: 'Applied on the second try.',
          owner: 'group:default/payments',
          system: 'system:default/checkout',
          language: 'go',
          database: 'none',
          lifecycle: 'experimental',
          tags: [],
          pagerdutyServiceId: 'PABC123',
        },
      });
    const task = await waitForTask(backend.server, created.body.id);
    expect(task.status).toBe('completed');
    const prUrl: string = task.output.links.find(
      (l: { title: string }) => l.title === 'Terraform pull request',
    ).url;
    const pull = Number(prUrl.split('/').pop());
    const atlantis = (outcome: string) =>
      fetch(`${devstack.urls.base}/_devstack/atlantis/apply`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ repo: 'acme/platform-config', pull, outcome }),
      });
    const stateOf = async () => {
      const res = await request(backend.server)
        .get(`/api/delivery/followups/by-entity/component/default/${name}`)
        .set('Authorization', mockCredentials.user.header(REQUESTER));
      return res.body.items?.[0]?.state as string | undefined;
    };
    const told = (title: string) =>
      notifications.filter(n => n.payload.title === title);

    expect((await atlantis('failure')).ok).toBe(true);
    await waitFor('the follow-up records the failed apply', async () =>
      (await stateOf()) === 'apply-failed' ? true : undefined,
    );
    await devstack.forge.webhooks.idle();
    const failed = told(`The Terraform of ${name} could not be applied`);
    expect(failed).toHaveLength(1);
    expect(failed[0].payload.description).toContain(
      'comment `atlantis apply` again',
    );

    expect((await atlantis('success')).ok).toBe(true);
    await waitFor('the follow-up is applied', async () =>
      (await stateOf()) === 'applied' ? true : undefined,
    );
    await devstack.forge.webhooks.idle();
    expect(told(`${name} is provisioned`)).toHaveLength(1);
    expect(told(`The Terraform of ${name} could not be applied`)).toHaveLength(
      1,
    );
  });
});
