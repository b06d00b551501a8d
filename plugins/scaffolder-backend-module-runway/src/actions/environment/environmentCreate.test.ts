import { Octokit } from '@octokit/rest';
import {
  Devstack,
  KubernetesApiStandIn,
  openPullRequest as openDevstackPullRequest,
  startDevstack,
} from '@runway/devstack';
import { setupServer } from 'msw/node';
import {
  CLUSTER_URL,
  directDelivery,
  fakeEnvironmentsApi,
  input,
  makeAction,
  taskContext,
} from './__testUtils__/fakes';

jest.setTimeout(60_000);

describe('environment:create, direct delivery', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  let kube: KubernetesApiStandIn;
  let api: ReturnType<typeof fakeEnvironmentsApi>;
  beforeEach(() => {
    kube = new KubernetesApiStandIn(CLUSTER_URL);
    api = fakeEnvironmentsApi();
    server.resetHandlers(...kube.handlers(), api.handler);
  });

  const direct = directDelivery({ baseDomain: 'env.acme.example' });

  it('refuses to run again with another type over an environment it already made, before writing', async () => {
    const { action } = makeAction(direct);
    await action.handler(taskContext(input));
    const patches = kube.requests.filter(r => r.method === 'PATCH').length;

    await expect(
      action.handler(taskContext({ ...input, type: 'performance' })),
    ).rejects.toThrow(
      'type: environment pr-42-checkout already exists as a feature environment of group:default/payments; run it with the same type and owner, destroy it first, or pick another name.',
    );
    expect(kube.requests.filter(r => r.method === 'PATCH')).toHaveLength(
      patches,
    );
  });

  it('applies the environment server-side, then records the lease, and a retry changes nothing', async () => {
    const { action, auditor } = makeAction(direct);
    const ctx = taskContext({ ...input, system: 'system:default/checkout' });
    await action.handler(ctx);

    expect(kube.list('Namespace').map(n => n.metadata.name)).toContain(
      'env-pr-42-checkout',
    );
    expect(
      kube
        .list('Application', 'argocd')
        .map(a => [a.metadata.name, (a.spec as any).source.targetRevision]),
    ).toEqual([
      ['rw-pr-42-checkout-checkout-api', 'pr-42'],
      ['rw-pr-42-checkout-payments-api', 'main'],
    ]);
    expect(kube.list('Ingress', 'env-pr-42-checkout')).toHaveLength(1);
    expect(
      kube.list('Job', 'env-pr-42-checkout').map(j => j.metadata.name),
    ).toEqual(['fixtures']);
    expect(api.requests.map(r => r.dryRun)).toEqual([true, false]);
    expect(api.requests[1].body).toEqual({
      name: 'pr-42-checkout',
      type: 'feature',
      ownerTeam: 'group:default/payments',
      services: [
        { entityRef: 'component:default/checkout-api', branch: 'pr-42' },
        { entityRef: 'component:default/payments-api', branch: 'main' },
      ],
      lifetimeDays: 3,
      requestedBy: 'user:default/jane',
      provisioning: true,
      expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      urls: {
        'checkout-api': 'https://checkout-api.pr-42-checkout.env.acme.example',
        'payments-api': 'https://payments-api.pr-42-checkout.env.acme.example',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('urls', {
      'checkout-api': 'https://checkout-api.pr-42-checkout.env.acme.example',
      'payments-api': 'https://payments-api.pr-42-checkout.env.acme.example',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'environmentUrl',
      'https://runway.acme.example/environments/pr-42-checkout',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'policy-gate' }),
    );

    const patches = kube.requests.filter(r => r.method === 'PATCH').length;
    await action.handler(ctx);
    // The delivery checkpoint holds: no second apply, and the lease asked for again is the same
    // request (the API answers an identical one with the lease it recorded).
    expect(kube.requests.filter(r => r.method === 'PATCH')).toHaveLength(
      patches,
    );
    expect(sameLeaseRequested(api)).toBe(true);
    expect(api.leases.get('pr-42-checkout').state).toBe('active');
    expect(api.readied).toEqual(['pr-42-checkout', 'pr-42-checkout']);
  });

  it('records the lease as provisioning before delivering: a failed delivery leaves a lease the lifecycle job tears down, and a retry finishes it', async () => {
    const { action } = makeAction(direct);
    const ctx = taskContext(input);
    // The cluster is unreachable: the delivery fails after the lease is recorded.
    server.resetHandlers(api.handler);
    await expect(action.handler(ctx)).rejects.toThrow();
    expect(api.requests.map(r => r.dryRun)).toEqual([true, false]);
    expect(api.leases.get('pr-42-checkout')).toMatchObject({
      state: 'provisioning',
    });
    expect(api.readied).toEqual([]);

    // The scaffolder retries: the same lease is found again, delivered, then marked ready.
    server.resetHandlers(...kube.handlers(), api.handler);
    await action.handler(ctx);
    expect(kube.list('Namespace').map(n => n.metadata.name)).toContain(
      'env-pr-42-checkout',
    );
    expect(sameLeaseRequested(api)).toBe(true);
    expect(api.leases.get('pr-42-checkout').state).toBe('active');
    expect(api.readied).toEqual(['pr-42-checkout']);
  });

  it.each([
    [{ name: 'PR 42' }, /^name: Capital letters and spaces are not allowed/],
    [
      { lifetimeDays: 31 },
      /^lifetimeDays must be a whole number of days from 1 to 30/,
    ],
    [{ owner: 'user:default/jane' }, /^owner must be a group entity ref/],
    [
      { owner: 'group:default/nobody' },
      /^owner group:default\/nobody is not in the catalog/,
    ],
    [
      { services: [{ entityRef: 'component:default/ghost' }] },
      /^services\[0\]\.entityRef component:default\/ghost is not in the catalog/,
    ],
    [
      {
        services: [
          {
            entityRef: 'component:default/checkout-api',
            branch: 'x; rm -rf /',
          },
        ],
      },
      /^services\[0\]\.branch: Spaces and ";" are not allowed/,
    ],
    [
      { services: [{ entityRef: 'component:default/legacy_thing' }] },
      /its name becomes a host name, so it must be a DNS label\. Capital letters and "_" are not allowed/,
    ],
    [
      { services: [{ entityRef: 'component:default/borrowed' }] },
      /^services\[0\]\.entityRef component:default\/borrowed names acme\/platform-config as its repository \(github\.com\/project-slug\) but was read from url:https:\/\/github\.com\/acme\/borrowed\/blob\/main\/catalog-info\.yaml; a Component deploys only the repository on github\.com whose default branch/,
    ],
    [
      { services: [], system: undefined },
      /^services must list at least one Component/,
    ],
    [
      { pullRequestUrl: 'not a url' },
      /^pullRequestUrl must be a pull request's address/,
    ],
  ])(
    'refuses %j naming the field, before anything is written',
    async (patch, message) => {
      const { action } = makeAction(direct);
      await expect(
        action.handler(taskContext({ ...input, ...patch })),
      ).rejects.toThrow(message);
      expect(kube.requests).toEqual([]);
      expect(api.requests.filter(r => !r.dryRun)).toEqual([]);
    },
  );

  it('stops before writing when the environments API refuses the lease (name taken, not in the team)', async () => {
    const { action } = makeAction(direct);
    api.refuseWith(
      409,
      'Environment pr-42-checkout already exists (active, requested by user:default/sam)',
    );
    await expect(action.handler(taskContext(input))).rejects.toThrow(
      /already exists/,
    );
    expect(kube.requests).toEqual([]);
  });

  it('stops at the policy gate, with the fix, when the rendered environment breaks a policy', async () => {
    const { action, auditor } = makeAction({
      ...direct,
      runway: {
        environments: {
          ...direct.runway.environments,
          fixturesImage: 'ghcr.io/acme/fixtures:latest',
        },
      },
    });
    await expect(action.handler(taskContext(input))).rejects.toThrow(
      /Policy gate: .*\n.*k8s-image-pinned environments\/pr-42-checkout\/fixtures-job.yaml.*Job\/env-pr-42-checkout\/fixtures/,
    );
    expect(kube.requests).toEqual([]);
    expect(api.requests.filter(r => !r.dryRun)).toEqual([]);
    const gate = (auditor.createEvent as jest.Mock).mock.results[0].value;
    expect((await gate).fail).toHaveBeenCalled();
  });

  it('renders and checks in a dry run, and writes nothing', async () => {
    const { action } = makeAction(direct);
    const ctx = taskContext(input);
    (ctx as any).isDryRun = true;
    await action.handler(ctx);
    expect(kube.requests).toEqual([]);
    expect(api.requests.map(r => r.dryRun)).toEqual([true]);
    expect(ctx.output).toHaveBeenCalledWith(
      'delivery',
      'dry run: nothing delivered or recorded',
    );
  });
});

describe('environment:create, GitOps on the devstack', () => {
  let devstack: Devstack;
  let client: Octokit;
  const server = setupServer();
  let api: ReturnType<typeof fakeEnvironmentsApi>;
  beforeAll(async () => {
    devstack = await startDevstack({
      port: 0,
      smtpPort: 0,
      validateResponses: true,
    });
    client = new Octokit({
      auth: devstack.githubToken,
      baseUrl: devstack.urls.githubApi,
    });
    server.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(async () => {
    server.close();
    await devstack.stop();
  });
  beforeEach(() => {
    api = fakeEnvironmentsApi();
    server.resetHandlers(api.handler);
  });

  const gitops = (via: string) => ({
    integrations: {
      github: [
        {
          host: devstack.urls.githubHost,
          apiBaseUrl: devstack.urls.githubApi,
          token: devstack.githubToken,
        },
      ],
    },
    runway: {
      github: {
        host: devstack.urls.githubHost,
        org: 'acme',
        writeIntervalMs: 0,
      },
      environments: { delivery: { via }, baseDomain: 'env.acme.example' },
    },
  });
  const repo = { owner: 'acme', repo: 'platform-config' };

  const openPullRequest = (branch: string) =>
    openDevstackPullRequest(client, { ...repo, branch, title: 'Feature' });

  it('commits environments/<name>/ on the default branch and comments the URLs on the pull request, once', async () => {
    const pr = await openPullRequest('feature-42');
    const { action } = makeAction(gitops('push'));
    const run = () =>
      action.handler(
        taskContext({
          ...input,
          pullRequestUrl: pr.html_url.replace(
            /^https?:\/\/[^/]+/,
            `http://${devstack.urls.githubHost}`,
          ),
        }),
      );
    await run();

    const { data: dir } = await client.rest.repos.getContent({
      ...repo,
      path: 'environments/pr-42-checkout',
    });
    expect((dir as Array<{ name: string }>).map(f => f.name).sort()).toEqual([
      'applications',
      'fixtures-job.yaml',
      'ingress.yaml',
      'limitrange.yaml',
      'namespace.yaml',
      'networkpolicy.yaml',
      'resourcequota.yaml',
      'rolebinding.yaml',
    ]);
    const commits = async () =>
      (await client.rest.repos.listCommits({ ...repo, per_page: 20 })).data;
    const before = (await commits()).length;
    const comments = async () =>
      (
        await client.rest.issues.listComments({
          ...repo,
          issue_number: pr.number,
        })
      ).data;
    expect(await comments()).toHaveLength(1);
    expect((await comments())[0].body).toContain(
      'https://checkout-api.pr-42-checkout.env.acme.example',
    );

    // Run again as a new task (no checkpoints): same files, one comment, one lease.
    expect(api.leases.get('pr-42-checkout').expiresAt).toBe(
      (
        await client.rest.repos.getContent({
          ...repo,
          path: 'environments/pr-42-checkout/namespace.yaml',
          mediaType: { format: 'raw' },
        })
      ).data
        .toString()
        .match(
          /runway.dev\/expires-at: "?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)/,
        )![1],
    );
    await run();
    expect((await commits()).length).toBe(before);
    expect(await comments()).toHaveLength(1);
    expect(sameLeaseRequested(api)).toBe(true);
  });

  it('with Argo CD configured, delivers and leaves the lease provisioning with its pull request: no ready, no comment yet', async () => {
    const pr = await openPullRequest('feature-44');
    const pullRequestUrl = pr.html_url.replace(
      /^https?:\/\/[^/]+/,
      `http://${devstack.urls.githubHost}`,
    );
    const config = gitops('push');
    const { action } = makeAction({
      ...config,
      runway: {
        ...config.runway,
        environments: {
          ...config.runway.environments,
          argocd: {
            url: 'http://argocd.invalid',
            token: 'devstack-argocd-token',
          },
        },
      },
    });
    const ctx = taskContext({
      ...input,
      name: 'pr-44-checkout',
      pullRequestUrl,
    });
    await action.handler(ctx);

    const recorded = api.requests.filter(r => !r.dryRun).map(r => r.body);
    expect(recorded).toEqual([
      expect.objectContaining({
        name: 'pr-44-checkout',
        provisioning: true,
        readyWhenHealthy: true,
        pullRequestUrl,
      }),
    ]);
    expect(api.readied).toEqual([]);
    expect(api.leases.get('pr-44-checkout').state).toBe('provisioning');
    const comments = (
      await client.rest.issues.listComments({
        ...repo,
        issue_number: pr.number,
      })
    ).data;
    expect(comments).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith(
      'readiness',
      expect.stringMatching(
        /marks it ready when Argo CD reports all its Applications Healthy, and comments on the pull request then\. Follow it at https:\/\/runway\.acme\.example\/environments\/pr-44-checkout$/,
      ),
    );
  });

  it('opens one pull request per environment when delivery goes through review', async () => {
    const { action } = makeAction(gitops('pull-request'));
    const ctx = taskContext({ ...input, name: 'pr-43-checkout' });
    await action.handler(ctx);
    await action.handler(taskContext({ ...input, name: 'pr-43-checkout' }));
    const { data: pulls } = await client.rest.pulls.list({
      ...repo,
      state: 'open',
      head: 'acme:runway/environment-pr-43-checkout',
    });
    expect(pulls).toHaveLength(1);
    expect(pulls[0].title).toBe('Environment pr-43-checkout');
    expect(ctx.output).toHaveBeenCalledWith('deliveryUrl', pulls[0].html_url);
  });
});

/**
 * The action asked for the lease again on the re-run, with the same name, requester and services:
 * what the environments API matches to answer the lease it recorded instead of a new one.
 */
function sameLeaseRequested(api: ReturnType<typeof fakeEnvironmentsApi>) {
  const records = api.requests
    .filter(r => !r.dryRun)
    .map(({ body: { name, requestedBy, services } }) =>
      JSON.stringify({ name, requestedBy, services }),
    );
  return records.length === 2 && new Set(records).size === 1;
}
