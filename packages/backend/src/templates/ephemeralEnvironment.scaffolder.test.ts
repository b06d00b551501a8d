/**
 * The "ephemeral environment" golden path end to end: templates/ephemeral-environment/template.yaml
 * run by the real scaffolder with Runway's module, the real environments plugin (leases, teardown)
 * and the devstack's forge as GitHub: the folder lands in platform-config, the lease is recorded
 * with the expiry the manifests carry, the URLs are commented on the pull request, a re-run
 * repeats nothing, and destroying the environment removes the folder again.
 */
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
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
import request from 'supertest';
import {
  repoRoot,
  startGoldenPathBackend,
} from '../__testUtils__/goldenPathBackend';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import {
  createTask,
  runTask,
  waitForEntity,
} from '../__testUtils__/scaffolderTasks';

jest.setTimeout(180_000);

const TEMPLATE = 'template:default/ephemeral-environment';
const USER = mockCredentials.user().principal.userEntityRef;

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let github: Octokit;
const platformConfig = { owner: 'acme', repo: 'platform-config' };

/** The scaffolder's user is a member of storefront, so the environments API lets them create for it. */
const membership = mockServices.userInfo.mock({
  getUserInfo: async () => ({
    userEntityRef: USER,
    ownershipEntityRefs: [USER, 'group:default/storefront'],
  }),
});

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  github = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
  });
  const examples = (name: string) => path.join(repoRoot, 'examples', name);
  backend = await startGoldenPathBackend({
    devstack,
    locations: [
      examples('org.yaml'),
      examples('systems.yaml'),
      examples('components.yaml'),
      examples('components/storefront-web/catalog-info.yaml'),
      path.join(repoRoot, 'templates/ephemeral-environment/template.yaml'),
    ],
    features: [
      environmentsPlugin,
      membership.factory,
      // Runway's permission policy decides who may create for which team, as in production.
      mockServices.permissions.mock(runwayPolicyPermissions(membership))
        .factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn(async () => {}) }),
      }),
    ],
    runway: {
      environments: { sweepEnabled: false, baseDomain: 'env.acme.example' },
    },
  });
  await waitForEntity(backend.server, 'template/default/ephemeral-environment');
  await waitForEntity(backend.server, 'component/default/storefront-web');
  await waitForEntity(backend.server, 'component/default/cart-service');
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
});

async function folder(name: string): Promise<string[]> {
  const { data: ref } = await github.rest.git.getRef({
    ...platformConfig,
    ref: 'heads/main',
  });
  const { data: tree } = await github.rest.git.getTree({
    ...platformConfig,
    tree_sha: ref.object.sha,
    recursive: 'true',
  });
  return tree.tree
    .filter(
      e => e.type === 'blob' && e.path!.startsWith(`environments/${name}/`),
    )
    .map(e => e.path!.slice(`environments/${name}/`.length))
    .sort();
}

async function file(filePath: string): Promise<string> {
  const { data } = await github.rest.repos.getContent({
    ...platformConfig,
    path: filePath,
    mediaType: { format: 'raw' },
  });
  return String(data);
}

function openPullRequest(branch: string) {
  return openDevstackPullRequest(github, {
    ...platformConfig,
    branch,
    title: 'Checkout redesign',
  });
}

const api = (p: string) =>
  request(backend.server)
    .get(`/api/environments${p}`)
    .set('Authorization', mockCredentials.user.header());

describe('ephemeral environment golden path', () => {
  it('creates the environment in platform-config, records the lease and comments the URLs, once', async () => {
    const pr = await openPullRequest('checkout-redesign');
    const values = {
      name: 'checkout-redesign',
      type: 'feature',
      owner: 'group:default/storefront',
      lifetimeDays: 3,
      system: 'system:default/storefront',
      services: [
        { entityRef: 'component:default/cart-service', branch: 'redesign' },
      ],
      pullRequestUrl: pr.html_url,
    };
    const task = await runTask(backend.server, TEMPLATE, values);
    expect(task.log).not.toMatch(/error/i);
    expect(task.status).toBe('completed');

    expect(await folder('checkout-redesign')).toEqual([
      'applications/cart-service.yaml',
      'applications/product-catalog-service.yaml',
      'applications/storefront-web.yaml',
      'fixtures-job.yaml',
      'ingress.yaml',
      'limitrange.yaml',
      'namespace.yaml',
      'networkpolicy.yaml',
      'resourcequota.yaml',
      'rolebinding.yaml',
    ]);
    const cart = await file(
      'environments/checkout-redesign/applications/cart-service.yaml',
    );
    expect(cart).toContain('targetRevision: redesign');
    expect(cart).toContain('/acme/cart-service.git');

    const { body: lease } = await api('/environments/checkout-redesign');
    expect(lease).toMatchObject({
      state: 'active',
      type: 'feature',
      ownerTeam: 'group:default/storefront',
      requestedBy: USER,
      urls: {
        'cart-service':
          'https://cart-service.checkout-redesign.env.acme.example',
        'storefront-web':
          'https://storefront-web.checkout-redesign.env.acme.example',
      },
    });
    expect(
      lease.services.map(
        (s: { entityRef: string; branch: string }) => s.branch,
      ),
    ).toEqual(['redesign', 'main', 'main']);
    // The manifests expire exactly when the lease does.
    expect(
      await file('environments/checkout-redesign/namespace.yaml'),
    ).toContain(`runway.dev/expires-at: ${lease.expiresAt}`);

    const comments = async () =>
      (
        await github.rest.issues.listComments({
          ...platformConfig,
          issue_number: pr.number,
        })
      ).data;
    expect(await comments()).toHaveLength(1);
    expect((await comments())[0].body).toContain(
      'https://cart-service.checkout-redesign.env.acme.example',
    );
    expect(task.output.links).toEqual(
      expect.arrayContaining([
        {
          title: 'Environment in Runway (extend or destroy)',
          url: 'http://localhost:3000/environments/checkout-redesign',
        },
      ]),
    );
    expect(task.output.text[0].content).toContain(
      '- **cart-service**: https://cart-service.checkout-redesign.env.acme.example',
    );

    // The same form again, as a new task: no new commit, no second comment, the same lease.
    const commits = async () =>
      (await github.rest.repos.listCommits({ ...platformConfig, per_page: 50 }))
        .data.length;
    const before = await commits();
    const again = await runTask(backend.server, TEMPLATE, values);
    expect(again.status).toBe('completed');
    expect(await commits()).toBe(before);
    expect(await comments()).toHaveLength(1);
    expect((await api('/environments/checkout-redesign')).body.createdAt).toBe(
      lease.createdAt,
    );

    // Destroying it removes the folder from platform-config.
    const destroyed = await request(backend.server)
      .delete('/api/environments/environments/checkout-redesign')
      .set('Authorization', mockCredentials.user.header());
    expect(destroyed.status).toBe(200);
    expect(await folder('checkout-redesign')).toEqual([]);
  });

  it('refuses a lifetime over 30 days in the form', async () => {
    const res = await createTask(backend.server, TEMPLATE, {
      name: 'too-long',
      type: 'staging',
      owner: 'group:default/storefront',
      lifetimeDays: 31,
      services: [{ entityRef: 'component:default/cart-service' }],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(
      /lifetimeDays.*30|30.*lifetimeDays/,
    );
  });

  it('stops before writing when the user is not in the owner team', async () => {
    const before = await folder('payments-demo');
    const task = await runTask(backend.server, TEMPLATE, {
      name: 'payments-demo',
      type: 'feature',
      owner: 'group:default/payments',
      lifetimeDays: 1,
      services: [{ entityRef: 'component:default/cart-service' }],
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      `The permission policy does not allow ${USER} to create environments for group:default/payments (environment.create; owner team group:default/payments)`,
    );
    expect(await folder('payments-demo')).toEqual(before);
    expect((await api('/environments/payments-demo')).status).toBe(404);
  });
});
