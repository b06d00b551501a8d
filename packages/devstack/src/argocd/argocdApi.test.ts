/**
 * The Argo CD stand-in over real HTTP, read the way Argo CD's clients read it: Applications from
 * platform-config's main branch, health from the forge, history on a new image, faults, and the
 * workload each Healthy Application leaves in the Kubernetes stand-in.
 */
import { stringify } from 'yaml';
import { Devstack, startDevstack } from '../devstack';
import {
  ForgeClient,
  forgeClient,
  getJson,
  serviceApplication,
} from './__testUtils__/platformConfig';

jest.setTimeout(60_000);

let devstack: Devstack;
let forge: ForgeClient;
const argocd = (path: string) =>
  getJson(`${devstack.urls.argocdApi}${path}`, devstack.argocdToken);
const k8s = (path: string) =>
  getJson(`${devstack.urls.kubernetes}${path}`, devstack.kubernetesToken);

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    argocd: { progressingMs: 0 },
    kubernetes: { seedDemoWorkloads: false },
  });
  forge = forgeClient(devstack);
  await forge.serviceRepo('cart-api');
  await forge.putFile(
    'platform-config',
    'apps/cart-api/staging.yaml',
    serviceApplication(devstack, 'cart-api', 'staging', { tag: 'abc123' }),
  );
});
afterAll(() => devstack.stop());
afterEach(() => devstack.argocd.clearFault());

describe('authentication', () => {
  it('answers 401 with Argo CD error body without the bearer token, or with a wrong one', async () => {
    for (const token of [undefined, 'wrong']) {
      const { status, body } = await getJson(
        `${devstack.urls.argocdApi}/applications`,
        token,
      );
      expect(status).toBe(401);
      expect(body).toEqual({
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
    }
  });
});

describe('a service Application from apps/<service>/', () => {
  it('is listed by its label selector, Healthy and Synced at the service repository revision', async () => {
    const main = (
      await forge.octokit.rest.repos.getBranch({
        owner: 'acme',
        repo: 'cart-api',
        branch: 'main',
      })
    ).data.commit.sha;
    const { status, body } = await argocd(
      `/applications?selector=${encodeURIComponent(
        'runway.dev/service=cart-api',
      )}`,
    );
    expect(status).toBe(200);
    expect(body.items.map((a: any) => a.metadata.name)).toEqual([
      'cart-api-staging',
    ]);
    const [app] = body.items;
    expect(app.metadata).toMatchObject({
      namespace: 'argocd',
      labels: { 'runway.dev/stage': 'staging' },
    });
    expect(app.spec).toMatchObject({
      project: 'runway-services',
      destination: { namespace: 'cart-api-staging' },
    });
    expect(app.status).toMatchObject({
      sync: { status: 'Synced', revision: main },
      health: { status: 'Healthy' },
      operationState: { phase: 'Succeeded' },
      summary: { images: ['registry.acme.example/cart-api:abc123'] },
      history: [{ id: 0, revision: main }],
    });
    expect(typeof app.status.operationState.startedAt).toBe('string');
    expect(typeof app.status.history[0].deployedAt).toBe('string');
  });

  it('filters by project and name, and gets one Application or a gRPC NotFound', async () => {
    expect(
      (await argocd('/applications?projects=runway-services')).body.items.map(
        (a: any) => a.metadata.name,
      ),
    ).toContain('cart-api-staging');
    expect((await argocd('/applications?projects=other')).body.items).toEqual(
      [],
    );
    expect(
      (await argocd('/applications?name=cart-api-staging')).body.items,
    ).toHaveLength(1);
    const one = await argocd('/applications/cart-api-staging');
    expect(one.body.status.health.status).toBe('Healthy');
    expect(await argocd('/applications/nope')).toEqual({
      status: 404,
      body: {
        error: 'applications.argoproj.io "nope" not found',
        code: 5,
        message: 'applications.argoproj.io "nope" not found',
      },
    });
  });

  it('runs its pods, Running and ready with the kustomize image, in the destination namespace', async () => {
    const pods = await k8s(
      `/api/v1/namespaces/cart-api-staging/pods?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=cart-api',
      )}`,
    );
    expect(pods.status).toBe(200);
    expect(pods.body.items).toHaveLength(2);
    for (const pod of pods.body.items) {
      expect(pod.spec.containers[0].image).toBe(
        'registry.acme.example/cart-api:abc123',
      );
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.containerStatuses[0].ready).toBe(true);
      expect(pod.metadata.labels['app.kubernetes.io/instance']).toBe(
        'cart-api-staging',
      );
    }
    const deployments = await k8s(
      '/apis/apps/v1/deployments?labelSelector=backstage.io%2Fkubernetes-id%3Dcart-api',
    );
    expect(deployments.body.items[0].status.readyReplicas).toBe(2);
  });

  it('records a new sync in history on a new image, and replaces the pods', async () => {
    await forge.putFile(
      'platform-config',
      'apps/cart-api/staging.yaml',
      serviceApplication(devstack, 'cart-api', 'staging', { tag: 'def456' }),
    );
    const { body } = await argocd('/applications/cart-api-staging');
    expect(body.status.history.map((h: any) => h.id)).toEqual([0, 1]);
    expect(body.status.summary.images).toEqual([
      'registry.acme.example/cart-api:def456',
    ]);
    const pods = await k8s(
      '/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcart-api',
    );
    expect(pods.body.items.map((p: any) => p.spec.containers[0].image)).toEqual(
      [
        'registry.acme.example/cart-api:def456',
        'registry.acme.example/cart-api:def456',
      ],
    );
    // A commit elsewhere in platform-config changes nothing it deploys: no new sync.
    await forge.putFile('platform-config', 'apps/README.md', 'apps\n');
    expect(
      (await argocd('/applications/cart-api-staging')).body.status.history,
    ).toHaveLength(2);
  });

  it("gives the history card a revision's author and message", async () => {
    const { body: app } = await argocd('/applications/cart-api-staging');
    const { status, body } = await argocd(
      `/applications/cart-api-staging/revisions/${app.status.sync.revision}/metadata`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ message: 'update deploy/deployment.yaml' });
    expect(body.author).toMatch(/<.+@.+>$/);
  });
});

describe('Degraded', () => {
  it("when the source path does not exist, with Argo CD's ComparisonError", async () => {
    await forge.putFile(
      'platform-config',
      'apps/cart-api/production.yaml',
      serviceApplication(devstack, 'cart-api', 'production', { path: 'k8s' }),
    );
    const { body } = await argocd('/applications/cart-api-production');
    expect(body.status.health.status).toBe('Degraded');
    expect(body.status.health.message).toMatch(
      /^ComparisonError: .*k8s: app path does not exist$/,
    );
    expect(body.status.sync.status).toBe('Unknown');
    expect(body.status.conditions).toEqual([
      expect.objectContaining({ type: 'ComparisonError' }),
    ]);
  });

  it('when the source repository does not exist', async () => {
    await forge.putFile(
      'platform-config',
      'apps/ghost/staging.yaml',
      serviceApplication(devstack, 'ghost', 'staging'),
    );
    const { body } = await argocd('/applications/ghost-staging');
    expect(body.status.health).toEqual({
      status: 'Degraded',
      message: expect.stringContaining('repository not found'),
    });
  });

  it('when a fault is injected over HTTP, until it is cleared', async () => {
    const message =
      'Back-off pulling image "registry.acme.example/cart-api:def456"';
    const injected = await fetch(
      `${devstack.urls.base}/_devstack/argocd/faults`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          application: 'cart-api-staging',
          health: 'Degraded',
          message,
        }),
      },
    );
    expect(injected.status).toBe(201);
    expect(
      (await argocd('/applications/cart-api-staging')).body.status.health,
    ).toEqual({ status: 'Degraded', message });
    await fetch(
      `${devstack.urls.base}/_devstack/argocd/faults/cart-api-staging`,
      {
        method: 'DELETE',
      },
    );
    expect(
      (await argocd('/applications/cart-api-staging')).body.status.health,
    ).toEqual({ status: 'Healthy' });
  });

  it('refuses a fault naming no application, saying what to send', async () => {
    const response = await fetch(
      `${devstack.urls.base}/_devstack/argocd/faults`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ health: 'Sick' }),
      },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^application must be/);
  });

  it('when a fault is injected through devstack.argocd', async () => {
    devstack.argocd.injectFault({
      application: 'cart-api-staging',
      message: 'OOMKilled',
    });
    expect(
      (await argocd('/applications/cart-api-staging')).body.status.health,
    ).toEqual({ status: 'Degraded', message: 'OOMKilled' });
  });

  it('with InvalidSpecError for an Application without a destination namespace', async () => {
    await forge.putFile(
      'platform-config',
      'apps/broken/staging.yaml',
      stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'broken-staging', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://github.com/acme/broken.git',
            path: 'deploy',
          },
          destination: { server: 'https://kubernetes.default.svc' },
        },
      }),
    );
    const { body } = await argocd('/applications/broken-staging');
    expect(body.status.conditions[0]).toMatchObject({
      type: 'InvalidSpecError',
      message: expect.stringContaining('spec.destination.namespace'),
    });
    expect(body.status.health.status).toBe('Degraded');
  });
});

describe('environment folders', () => {
  it('make an rw-env-<env> Application that syncs the folder, whose service Applications deploy into env-<env>, all pruned on removal', async () => {
    await forge.putFile(
      'platform-config',
      'environments/pr-7-demo/namespace.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'env-pr-7-demo',
          labels: { 'runway.dev/environment': 'pr-7-demo' },
        },
      }),
    );
    const { body } = await argocd(
      `/applications?selector=${encodeURIComponent(
        'runway.dev/environment=pr-7-demo',
      )}`,
    );
    expect(body.items).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'rw-env-pr-7-demo' }),
        spec: expect.objectContaining({
          destination: expect.objectContaining({ namespace: 'env-pr-7-demo' }),
        }),
        status: expect.objectContaining({ health: { status: 'Healthy' } }),
      }),
    ]);
    expect(
      (await k8s('/api/v1/namespaces/env-pr-7-demo')).body.metadata.labels,
    ).toMatchObject({
      'runway.dev/environment': 'pr-7-demo',
    });

    // The folder's service Application deploys the service's branch into the environment.
    await forge.putFile(
      'platform-config',
      'environments/pr-7-demo/applications/cart-api.yaml',
      stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'rw-pr-7-demo-cart-api',
          namespace: 'argocd',
          labels: { 'runway.dev/environment': 'pr-7-demo' },
          annotations: {
            'runway.dev/entity-ref': 'component:default/cart-api',
          },
        },
        spec: {
          project: 'runway-environments',
          source: {
            repoURL: `${devstack.urls.base}/acme/cart-api.git`,
            targetRevision: 'main',
            path: 'deploy',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'env-pr-7-demo',
          },
        },
      }),
    );
    const service = await argocd('/applications/rw-pr-7-demo-cart-api');
    expect(service.body.status.health).toEqual({ status: 'Healthy' });
    const pods = await k8s(
      '/api/v1/namespaces/env-pr-7-demo/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcart-api',
    );
    expect(pods.body.items.map((p: any) => p.spec.containers[0].image)).toEqual(
      [
        'registry.acme.example/cart-api:bootstrap',
        'registry.acme.example/cart-api:bootstrap',
      ],
    );

    await forge.deleteFile(
      'platform-config',
      'environments/pr-7-demo/namespace.yaml',
    );
    await forge.deleteFile(
      'platform-config',
      'environments/pr-7-demo/applications/cart-api.yaml',
    );
    expect((await argocd('/applications/rw-env-pr-7-demo')).status).toBe(404);
    expect((await k8s('/api/v1/namespaces/env-pr-7-demo')).status).toBe(404);
    expect(
      (
        await k8s(
          '/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcart-api',
        )
      ).body.items.map((p: any) => p.metadata.namespace),
    ).not.toContain('env-pr-7-demo');
  });
});
