/**
 * Fakes for the environment actions' tests: catalog entities, the environments API (msw), the
 * actions.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createEnvironmentDelivery } from '@runway/plugin-environments-node';
import { http, HttpResponse } from 'msw';
import { createEnvironmentCreateAction } from '../environmentCreate';
import { createEnvironmentSandboxCreateAction } from '../sandboxCreate';
import { createEnvironmentSandboxDestroyAction } from '../sandboxDestroy';
import { environmentActionSettings } from '../settings';

export const ENVIRONMENTS_API =
  'http://environments.runway.test/api/environments';
export const CLUSTER_URL = 'https://k8s.runway.test:6443';

/** Config delivering straight to the stand-in cluster, with these `runway.environments` keys. */
export const directDelivery = (environments: object = {}) => ({
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'dev',
            url: CLUSTER_URL,
            serviceAccountToken: 't',
            skipTLSVerify: true,
          },
        ],
      },
    ],
  },
  runway: {
    environments: { delivery: { mode: 'direct' }, ...environments },
  },
});

export const component = (
  name: string,
  system: string,
  extra = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'github.com/project-slug': `acme/${name}`,
      // Listed by the platform's own config, as examples/components.yaml is.
      'backstage.io/managed-by-location': 'file:/runway/components.yaml',
      ...extra,
    },
  },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production', system },
  relations: [{ type: 'partOf', targetRef: `system:default/${system}` }],
});
export const entities: Entity[] = [
  component('checkout-api', 'checkout'),
  component('payments-api', 'checkout', { 'runway.dev/service-port': '8080' }),
  component('Legacy_Thing', 'legacy'),
  // Registered from its own repository, but naming another one to deploy.
  component('borrowed', 'legacy', {
    'github.com/project-slug': 'acme/platform-config',
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/borrowed/blob/main/catalog-info.yaml',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
];

/**
 * The environments API as the actions see it: dry runs, leases (provisioning when asked) and
 * `ready`, recorded; `readied` lists the names marked ready, in order. `handlers` adds the list
 * (`?type=&ownerUser=`) and DELETE; `callers` the subject of every request's token.
 */
export function fakeEnvironmentsApi() {
  const leases = new Map<string, any>();
  const requests: Array<{ dryRun: boolean; body: any }> = [];
  const readied: string[] = [];
  const callers: string[] = [];
  const callerOf = (request: Request) => {
    // Mock tokens carry their subject: `mock-service-token:{"sub":…,"obo":…}`.
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    const claims = JSON.parse(token?.split(/:(.*)/s)[1] || '{}');
    callers.push(claims.obo ?? claims.sub);
  };
  let refuse: { status: number; message: string } | undefined;
  const readyPath = /\/environments\/([^/]+)\/ready$/;
  const handler = http.post(
    new RegExp(
      `^${ENVIRONMENTS_API.replace(
        /[.]/g,
        '\\.',
      )}/environments(/[^/]+/ready)?(\\?.*)?$`,
    ),
    async ({ request }) => {
      callerOf(request);
      const url = new URL(request.url);
      const readyName = readyPath.exec(url.pathname)?.[1];
      if (readyName) {
        const name = decodeURIComponent(readyName);
        const lease = leases.get(name);
        if (!lease) {
          return HttpResponse.json(
            { error: { name: 'NotFoundError', message: `no ${name}` } },
            { status: 404 },
          );
        }
        readied.push(name);
        lease.state = 'active';
        return HttpResponse.json({ environment: lease });
      }
      const dryRun = url.searchParams.get('dryRun') === 'true';
      const body = (await request.json()) as any;
      requests.push({ dryRun, body });
      if (refuse) {
        // As Backstage's error handler answers.
        return HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: refuse.message },
            response: { statusCode: refuse.status },
          },
          { status: refuse.status },
        );
      }
      const existing = leases.get(body.name);
      if (dryRun) {
        return HttpResponse.json(
          existing
            ? { outcome: 'exists', environment: existing }
            : { outcome: 'new' },
        );
      }
      if (existing) return HttpResponse.json(existing);
      const { provisioning, ...rest } = body;
      const lease = {
        ...rest,
        requestedBy: body.requestedBy ?? body.ownerUser,
        state: provisioning ? 'provisioning' : 'active',
        ...(body.type !== 'sandbox' && {
          expiresAt: body.expiresAt ?? '2026-12-04T10:00:00.000Z',
        }),
      };
      leases.set(body.name, lease);
      return HttpResponse.json(lease, { status: 201 });
    },
  );
  const base = ENVIRONMENTS_API.replace(/[.]/g, '\\.');
  const list = http.get(
    new RegExp(`^${base}/environments(\\?.*)?$`),
    ({ request }) => {
      callerOf(request);
      const query = new URL(request.url).searchParams;
      const items = [...leases.values()].filter(
        lease =>
          (query.get('includeDestroyed') === 'true' ||
            lease.state !== 'destroyed') &&
          (!query.get('type') || lease.type === query.get('type')) &&
          (!query.get('ownerUser') ||
            lease.ownerUser === query.get('ownerUser')),
      );
      return HttpResponse.json({ items });
    },
  );
  const destroyed: string[] = [];
  const destroy = http.delete(
    new RegExp(`^${base}/environments/([^/?]+)$`),
    ({ request }) => {
      callerOf(request);
      const name = decodeURIComponent(
        new URL(request.url).pathname.split('/').pop()!,
      );
      const lease = leases.get(name);
      if (!lease) {
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: `no ${name}` } },
          { status: 404 },
        );
      }
      if (lease.state !== 'destroyed') destroyed.push(name);
      lease.state = 'destroyed';
      return HttpResponse.json({ environment: lease });
    },
  );
  return {
    handler,
    handlers: [handler, list, destroy],
    leases,
    requests,
    readied,
    destroyed,
    callers,
    refuseWith: (status: number, message: string) => {
      refuse = { status, message };
    },
  };
}

export function makeAction(config: object, extraEntities: Entity[] = []) {
  const root = new ConfigReader({
    app: { baseUrl: 'https://runway.acme.example' },
    ...config,
  });
  const auditor = mockServices.auditor.mock();
  const action = createEnvironmentCreateAction({
    settings: environmentActionSettings(root),
    delivery: createEnvironmentDelivery(root, mockServices.logger.mock()),
    catalog: catalogServiceMock({ entities: [...entities, ...extraEntities] }),
    integrations: ScmIntegrations.fromConfig(root),
    discovery: {
      getBaseUrl: async () => ENVIRONMENTS_API,
      getExternalBaseUrl: async () => ENVIRONMENTS_API,
    },
    auth: mockServices.auth(),
    auditor,
  });
  return { action, auditor };
}

/** `environment:sandbox:create` and `:destroy` with the same fakes, as Runway's scaffolder. */
export function makeSandboxActions(config: object) {
  const root = new ConfigReader({
    app: { baseUrl: 'https://runway.acme.example' },
    ...config,
  });
  const auditor = mockServices.auditor.mock();
  const deps = {
    discovery: {
      getBaseUrl: async () => ENVIRONMENTS_API,
      getExternalBaseUrl: async () => ENVIRONMENTS_API,
    },
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
  };
  return {
    create: createEnvironmentSandboxCreateAction({
      ...deps,
      settings: environmentActionSettings(root),
      delivery: createEnvironmentDelivery(root, mockServices.logger.mock()),
      catalog: catalogServiceMock({ entities }),
      auditor,
    }),
    destroy: createEnvironmentSandboxDestroyAction(deps),
    auditor,
  };
}

export const input = {
  name: 'pr-42-checkout',
  type: 'feature' as const,
  owner: 'group:default/payments',
  services: [{ entityRef: 'component:default/checkout-api', branch: 'pr-42' }],
  lifetimeDays: 3,
};

/**
 * A task context whose checkpoints remember their results, as the scaffolder's do on a retry.
 * By default jane started the task; `startedBy: 'onboarding'` is a run the onboarding plugin
 * started as a service (no person).
 */
export function taskContext(
  taskInput: object,
  options: { startedBy?: 'jane' | 'onboarding' } = {},
): any {
  const byService = options.startedBy === 'onboarding';
  const ctx = createMockActionContext({
    input: taskInput,
    ...(!byService && { user: { ref: 'user:default/jane' } }),
  });
  ctx.getInitiatorCredentials = async () =>
    byService
      ? mockCredentials.service('plugin:onboarding')
      : mockCredentials.user('user:default/jane');
  const memo = new Map<string, unknown>();
  ctx.checkpoint = (async (opts: {
    key: string;
    fn: () => Promise<unknown>;
  }) => {
    if (!memo.has(opts.key)) memo.set(opts.key, await opts.fn());
    return memo.get(opts.key);
  }) as typeof ctx.checkpoint;
  return ctx;
}
