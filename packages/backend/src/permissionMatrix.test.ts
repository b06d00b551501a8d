/**
 * The permission matrix, asserted against a started backend with real tokens: Backstage's own
 * auth, httpAuth and userInfo services, Runway's permissions service (Backstage's, with its
 * decision cache), the auth backend issuing each person's token
 * from the catalogue (their groups become their ownership claims), the production external access
 * token, Runway's permission policy and the plugins it guards. Every cell is asserted, and
 * docs/security.md's matrix must equal what was observed (RUNWAY_UPDATE_SECURITY_DOC=1 rewrites it).
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Permission } from '@backstage/plugin-permission-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogDriftPlugin from '@runway/plugin-catalog-drift-backend';
import environmentsPlugin from '@runway/plugin-environments-backend';
import onboardingPlugin, {
  signHrRequest,
} from '@runway/plugin-onboarding-backend';
import runwayScaffolderActions from '@runway/plugin-scaffolder-backend-module-runway';
import { environmentsTeardownExtensionPoint } from '@runway/plugin-environments-node';
import runwayPolicy from '@runway/plugin-permission-backend-module-runway';
import runwayKubernetesReadScope from '@runway/plugin-kubernetes-backend-module-runway';
import { answerLikeTheKubernetesClientInJest } from '@runway/plugin-kubernetes-backend-module-runway/testUtils';
import request from 'supertest';
import { parse } from 'yaml';
import { repoRoot } from './__testUtils__/goldenPathBackend';
import permissionsServiceFactory from './permissionDecisionCache';

jest.setTimeout(180_000);

const CI_TOKEN = 'ci-token-for-the-matrix-0123456789';
const HR_SECRET = 'hr-secret-for-the-matrix-0123456789';
const CLUSTER_TOKEN = 'cluster-service-account-token';

// Allowed Kubernetes reads are followed to the stand-in cluster (Jest cannot load the client).
answerLikeTheKubernetesClientInJest();

type Who =
  | 'platform member'
  | 'owning-team member'
  | 'other team member'
  | 'service token (runway-ci)';
const WHO: Who[] = [
  'platform member',
  'owning-team member',
  'other team member',
  'service token (runway-ci)',
];
const USER_OF: Partial<Record<Who, string>> = {
  'platform member': 'pat',
  'owning-team member': 'jane',
  'other team member': 'sam',
};

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: storefront }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: pat }
spec: { memberOf: [platform] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jane }
spec: { memberOf: [payments], profile: { email: jane@acme.example } }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: sam }
spec: { memberOf: [storefront] }
${['checkout-api', 'ledger', 'refunds', 'invoices', 'payouts']
  .map(
    name => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name} }
spec: { type: service, lifecycle: production, owner: group:default/payments }`,
  )
  .join('\n')}
`;

/** A Location a user might register: it holds a Group naming its author a platform member. */
const ESCALATION = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-admins }
spec: { type: team, children: [], members: [sam] }
`;

/** Sign-in for the test: the header names a catalogue User; the token carries their groups. */
const matrixSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'matrix-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'matrix',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                return {
                  result: { user: String(req.header('x-matrix-user')) },
                };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: `user:default/${result.user}`,
              }),
          }),
        });
      },
    });
  },
});

/** Teardown that removes nothing: the matrix is about who may ask, not what is removed. */
const quietTeardown = createBackendModule({
  pluginId: 'environments',
  moduleId: 'matrix-teardown',
  register(reg) {
    reg.registerInit({
      deps: { teardown: environmentsTeardownExtensionPoint },
      async init({ teardown }) {
        teardown.setTeardown({ teardown: async () => {} });
      },
    });
  },
});

function productionConfig() {
  const file = path.join(repoRoot, 'app-config.production.yaml');
  return parse(fs.readFileSync(file, 'utf8'));
}

/** A stand-in for a cluster's API server and for a Git host serving a file. */
async function startStub() {
  const clusterPaths: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/files/')) {
      res.setHeader('content-type', 'text/plain');
      res.end(ESCALATION);
      return;
    }
    clusterPaths.push(new URL(req.url!, 'http://stub').pathname);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ kind: 'List', items: [] }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    /** The paths the Kubernetes plugin asked the cluster for. */
    clusterPaths,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function startMatrixBackend(stub: Awaited<ReturnType<typeof startStub>>) {
  const orgFile = path.join(fs.mkdtempSync('/tmp/runway-matrix-'), 'org.yaml');
  fs.writeFileSync(orgFile, ORG);
  const production = productionConfig();
  const externalAccess = JSON.parse(
    JSON.stringify(production.backend.auth.externalAccess).replace(
      '${RUNWAY_EXTERNAL_ACCESS_TOKEN}',
      CI_TOKEN,
    ),
  );
  return startTestBackend({
    features: [
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      // Runway's permissions service, as the backend installs it (with its decision cache).
      permissionsServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            auth: { externalAccess },
            reading: { allow: [{ host: stub.host }] },
          },
          auth: { providers: { matrix: {} } },
          permission: { enabled: true },
          catalog: {
            // Production's rules: people and teams come only from the identity provider.
            rules: production.catalog.rules,
            locations: [
              {
                type: 'file',
                target: orgFile,
                rules: [{ allow: ['Group', 'User', 'Component'] }],
              },
              ...[
                'new-service',
                'ephemeral-environment',
                'engineer-onboarding',
              ].map(name => ({
                type: 'file',
                target: path.join(repoRoot, 'templates', name, 'template.yaml'),
                rules: [{ allow: ['Template'] }],
              })),
            ],
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'production',
                    url: stub.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: CLUSTER_TOKEN,
                  },
                ],
              },
            ],
          },
          runway: {
            permissions: { platformGroup: 'group:default/platform' },
            environments: { sweepEnabled: false },
            catalogDrift: { enabled: false },
            // The HR webhook hires jane (below) so that she has a new-hire page.
            onboarding: { hrWebhook: { secret: HR_SECRET } },
          },
        },
      }),
      authPlugin,
      matrixSignIn,
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      runwayScaffolderActions,
      kubernetesPlugin,
      runwayKubernetesReadScope,
      permissionPlugin,
      runwayPolicy,
      environmentsPlugin,
      quietTeardown,
      onboardingPlugin,
      catalogDriftPlugin,
      mockServices.events.factory(),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
}

type Backend = Awaited<ReturnType<typeof startMatrixBackend>>;

/**
 * A cell's outcome: `allowed` or `refused` as the docs show it, or the unexpected answer itself
 * (`500 …`), so a failure says what happened.
 */
type Outcome = string;

/** `allowed` on the status that means done, `refused` on 401/403, else the answer verbatim. */
function outcomeOf(res: request.Response, allowedStatus: number): Outcome {
  if (res.status === allowedStatus) return 'allowed';
  if (res.status === 401 || res.status === 403) return 'refused';
  return `${res.status} ${res.text.slice(0, 300)}`;
}

const OWNERS_ONLY = {
  'platform member': 'allowed',
  'owning-team member': 'allowed',
  'other team member': 'refused',
  'service token (runway-ci)': 'refused',
};
const PEOPLE = {
  'platform member': 'allowed',
  'owning-team member': 'allowed',
  'other team member': 'allowed',
  'service token (runway-ci)': 'refused',
};
const PLATFORM_ONLY = {
  'platform member': 'allowed',
  'owning-team member': 'refused',
  'other team member': 'refused',
  'service token (runway-ci)': 'refused',
};

describe('the permission matrix', () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let backend: Backend;
  const tokens = new Map<Who, string>();
  const observed = new Map<string, Record<Who, Outcome>>();

  const call = (who: Who) => {
    const agent = request(backend.server);
    const auth = `Bearer ${tokens.get(who)}`;
    return {
      get: (url: string) => agent.get(url).set('Authorization', auth),
      post: (url: string) => agent.post(url).set('Authorization', auth),
      delete: (url: string) => agent.delete(url).set('Authorization', auth),
    };
  };

  /** Probes one row for everyone, in `order`, records it for the docs and returns it. */
  async function row(
    name: string,
    probe: (who: Who) => Promise<Outcome>,
    order: Who[] = WHO,
  ) {
    const cells = {} as Record<Who, Outcome>;
    for (const who of order) cells[who] = await probe(who);
    observed.set(name, cells);
    return cells;
  }

  const catalogueHas = (ref: string) => async () =>
    (
      await request(backend.server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('Authorization', `Bearer ${CI_TOKEN}`)
    ).status === 200;

  const signIn = async (user: string) => {
    const res = await request(backend.server)
      .get('/api/auth/matrix/refresh')
      .set('x-matrix-user', user);
    if (res.status !== 200) {
      throw new Error(`sign-in as ${user}: ${res.status} ${res.text}`);
    }
    return res.body.backstageIdentity.token as string;
  };

  beforeAll(async () => {
    stub = await startStub();
    backend = await startMatrixBackend(stub);
    // The catalogue has read the org and the templates before anyone signs in (the CI token
    // may read it).
    for (const ref of [
      'user/default/sam',
      'user/default/pat',
      'user/default/jane',
      'template/default/ephemeral-environment',
      'template/default/new-service',
      'template/default/engineer-onboarding',
    ]) {
      await waitFor(ref, catalogueHas(ref));
    }
    for (const who of WHO) {
      const user = USER_OF[who];
      tokens.set(who, user ? await signIn(user) : CI_TOKEN);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await stub?.stop();
  });

  it('gives each person a token whose claims come from the catalogue', async () => {
    const res = await call('owning-team member').get('/api/auth/v1/userinfo');
    expect(res.body.claims).toMatchObject({
      sub: 'user:default/jane',
      ent: expect.arrayContaining(['group:default/payments']),
    });
  });

  /**
   * A Kubernetes proxy cell: the plugin's own answer when it refuses (403), else the permission
   * backend's decision for the same person (the proxy imports the Kubernetes client's ESM code,
   * which Jest cannot load, so an allowed request cannot be followed to the cluster here).
   */
  const kubernetesCell = async (
    who: Who,
    permission: Permission,
    res: request.Response,
  ): Promise<Outcome> => {
    if (res.status === 401 || res.status === 403) return 'refused';
    const decision = await call(who)
      .post('/api/permission/authorize')
      .send({ items: [{ id: 'cell', permission }] });
    return decision.body.items?.[0]?.result === 'ALLOW'
      ? 'allowed'
      : `${res.status} ${res.text.slice(0, 200)}`;
  };

  it('Kubernetes proxy: only the platform team', async () => {
    const cells = await row(
      'Kubernetes proxy (the cluster’s service account)',
      async who =>
        kubernetesCell(
          who,
          kubernetesProxyPermission,
          await call(who)
            .get('/api/kubernetes/proxy/api/v1/namespaces')
            .set('Backstage-Kubernetes-Cluster', 'production'),
        ),
    );
    expect(cells).toEqual(PLATFORM_ONLY);
  });

  it('Kubernetes clusters: every person lists them (the Kubernetes tab asks first)', async () => {
    const cells = await row(
      'List the Kubernetes clusters (names and dashboard links)',
      async who =>
        outcomeOf(await call(who).get('/api/kubernetes/clusters'), 200),
    );
    expect(cells).toEqual(PEOPLE);
  });

  it('Kubernetes workloads of an entity: every person, through the read scope', async () => {
    const cells = await row(
      'Read a service’s workloads on its Kubernetes tab (pods, deployments…)',
      async who =>
        outcomeOf(
          await call(who)
            .post('/api/kubernetes/services/invoices')
            .send({
              entity: {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'invoices', namespace: 'default' },
              },
            }),
          200,
        ),
    );
    expect(cells).toEqual(PEOPLE);
    expect(stub.clusterPaths).toContain('/api/v1/pods');
    expect(stub.clusterPaths).not.toContain('/api/v1/configmaps');
  });

  it('Kubernetes Secrets through an entity: nobody, the cluster is not asked', async () => {
    const before = stub.clusterPaths.length;
    const cells = await row(
      'Read Secrets (or any non-workload kind) through an entity',
      async who => {
        const res = await call(who)
          .post('/api/kubernetes/resources/custom/query')
          .send({
            entityRef: 'component:default/invoices',
            customResources: [
              { group: '', apiVersion: 'v1', plural: 'secrets' },
            ],
          });
        // The read scope answers 400 (InputError naming customResources) for every person.
        return res.status === 400 &&
          /customResources: secrets cannot be read/.test(res.text)
          ? 'refused'
          : outcomeOf(res, 200);
      },
    );
    expect(cells).toEqual({
      'platform member': 'refused',
      'owning-team member': 'refused',
      'other team member': 'refused',
      'service token (runway-ci)': 'refused',
    });
    expect(stub.clusterPaths.slice(before)).toEqual([]);
  });

  it('template dry-run: only the platform team runs ad-hoc templates', async () => {
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'probe' },
      spec: {
        type: 'service',
        steps: [{ id: 'log', action: 'debug:log', input: { message: 'hi' } }],
      },
    };
    const cells = await row(
      'Template dry-run (ad-hoc template, Runway’s credentials)',
      async who =>
        outcomeOf(
          await call(who)
            .post('/api/scaffolder/v2/dry-run')
            .send({ template, values: {}, directoryContents: [] }),
          200,
        ),
    );
    expect(cells).toEqual(PLATFORM_ONLY);
  });

  it.each(['new-service', 'ephemeral-environment'])(
    'runs the %s template for every person, not for the service token',
    async template => {
      const cells = await row(`Run the ${template} template`, async who => {
        // Empty values: an allowed caller gets past the permission check to the form's
        // validation (400 naming the missing fields); a refused one never reaches it.
        const res = await call(who)
          .post('/api/scaffolder/v2/tasks')
          .send({ templateRef: `template:default/${template}`, values: {} });
        if (
          res.status === 400 &&
          /requires property \\"name\\"/.test(res.text)
        ) {
          return 'allowed';
        }
        return outcomeOf(res, 201);
      });
      expect(cells).toEqual(PEOPLE);
    },
  );

  it('makes a new service for payments only for its members and the platform team', async () => {
    const cells = await row(
      'Make a new service owned by payments',
      async who => {
        // `ledger` is taken: a run that passes the permission check fails in the first step's
        // own check of the name, before anything is written anywhere.
        const res = await call(who)
          .post('/api/scaffolder/v2/tasks')
          .send({
            templateRef: 'template:default/new-service',
            values: {
              name: 'ledger',
              description: 'Probes who may make a service for payments.',
              owner: 'group:default/payments',
              system: 'system:default/checkout',
              language: 'go',
              database: 'none',
              lifecycle: 'experimental',
              pagerdutyServiceId: 'PABC123',
            },
          });
        if (res.status !== 201) return outcomeOf(res, 201);
        const error = await taskError(who, res.body.id);
        if (/Unauthorized action: runway:service:prepare/.test(error))
          return 'refused';
        if (/ledger/.test(error) && /already/.test(error)) return 'allowed';
        return `task failed: ${error}`;
      },
    );
    expect(cells).toEqual(OWNERS_ONLY);
  });

  /** A task's error once it has failed (its owner may read it). */
  async function taskError(who: Who, id: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { body } = await call(who).get(`/api/scaffolder/v2/tasks/${id}`);
      if (body.status === 'completed') return 'completed';
      if (body.status === 'failed') {
        const { body: events } = await call(who).get(
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        return (events as Array<{ body: { message?: string } }>)
          .map(e => e.body.message ?? '')
          .join('\n');
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`task ${id} did not end within 60 s`);
  }

  it('nobody registers a Group: people and teams come from the identity provider', async () => {
    const cells = await row(
      'Register a Location holding a Group',
      async who => {
        const res = await call(who)
          .post('/api/catalog/locations?dryRun=true')
          .send({
            type: 'url',
            target: `${stub.url}/files/${who.split(' ')[0]}.yaml`,
          });
        // People may register Locations; the catalogue's rules refuse the Group in it.
        if (
          res.status === 400 &&
          /group:default\/platform-admins .* is not of an allowed kind/.test(
            res.text,
          )
        ) {
          return 'refused';
        }
        return outcomeOf(res, 201);
      },
    );
    expect(cells).toEqual({
      'platform member': 'refused',
      'owning-team member': 'refused',
      'other team member': 'refused',
      'service token (runway-ci)': 'refused',
    });
  });

  it('nobody registers a file on Runway’s server (only the platform’s config lists files, and Runway trusts them)', async () => {
    const cells = await row('Register a file: Location', async who => {
      const res = await call(who)
        .post('/api/catalog/locations?dryRun=true')
        .send({
          type: 'file',
          target: path.join(repoRoot, 'catalog-info.yaml'),
        });
      if (
        res.status === 400 &&
        /Registered locations must be of an allowed type/i.test(res.text)
      ) {
        return 'refused';
      }
      return outcomeOf(res, 201);
    });
    expect(cells).toEqual({
      'platform member': 'refused',
      'owning-team member': 'refused',
      'other team member': 'refused',
      'service token (runway-ci)': 'refused',
    });
  });

  it('unregisters an entity for its owners and the platform team only', async () => {
    const uidOf = async (name: string) =>
      (
        await call('platform member').get(
          `/api/catalog/entities/by-name/component/default/${name}`,
        )
      ).body.metadata.uid;
    const targets: Record<Who, string> = {
      'other team member': 'checkout-api',
      'service token (runway-ci)': 'checkout-api',
      'owning-team member': 'ledger',
      'platform member': 'refunds',
    };
    const cells = await row('Unregister a payments Component', async who =>
      outcomeOf(
        await call(who).delete(
          `/api/catalog/entities/by-uid/${await uidOf(targets[who])}`,
        ),
        204,
      ),
    );
    expect(cells).toEqual(OWNERS_ONLY);
  });

  it('creates, extends and destroys payments’ environments for its members and the platform team only', async () => {
    const lease = (name: string) => ({
      name,
      type: 'feature',
      ownerTeam: 'group:default/payments',
      services: [{ entityRef: 'component:default/invoices', branch: 'main' }],
    });
    const names: Record<Who, string> = {
      'platform member': 'matrix-pat',
      'owning-team member': 'matrix-jane',
      'other team member': 'matrix-sam',
      'service token (runway-ci)': 'matrix-ci',
    };
    const created = await row('Create an environment for payments', async who =>
      outcomeOf(
        await call(who)
          .post('/api/environments/environments')
          .send(lease(names[who])),
        201,
      ),
    );
    // Every row below acts on jane's environment (owned by payments).
    const extended = await row('Extend a payments environment', async who =>
      outcomeOf(
        await call(who)
          .post('/api/environments/environments/matrix-jane/extend')
          .send({ days: 1 }),
        200,
      ),
    );
    // Refusals first; the platform member destroys its own, the owner jane's.
    const destroyed = await row(
      'Destroy a payments environment',
      async who =>
        outcomeOf(
          await call(who).delete(
            `/api/environments/environments/${
              who === 'platform member' ? 'matrix-pat' : 'matrix-jane'
            }`,
          ),
          200,
        ),
      [...WHO].reverse(),
    );
    expect({ created, extended, destroyed }).toEqual({
      created: OWNERS_ONLY,
      extended: OWNERS_ONLY,
      destroyed: OWNERS_ONLY,
    });
  });

  it('makes an engineer’s sandbox for the platform team only (onboarding makes them), and lets its engineer destroy it', async () => {
    // Each asks for jane's sandbox; the platform member's request makes it.
    const sandbox = {
      name: 'sandbox-jane',
      type: 'sandbox',
      ownerTeam: 'group:default/payments',
      ownerUser: 'user:default/jane',
    };
    const created = await row(
      'Create a sandbox (an engineer’s own; onboarding makes it)',
      async who =>
        outcomeOf(
          await call(who).post('/api/environments/environments').send(sandbox),
          201,
        ),
    );
    // Refusals first; then jane, whose sandbox it is, and the platform member (already gone: 200).
    const destroyed = await row(
      'Destroy jane’s sandbox (the owning-team member is its engineer)',
      async who =>
        outcomeOf(
          await call(who).delete('/api/environments/environments/sandbox-jane'),
          200,
        ),
      [...WHO].reverse(),
    );
    expect({ created, destroyed }).toEqual({
      created: PLATFORM_ONLY,
      destroyed: OWNERS_ONLY,
    });
  });

  it('shows environment cost to every person, not to the service token', async () => {
    const cells = await row('Read environment cost', async who =>
      outcomeOf(await call(who).get('/api/environments/cost'), 200),
    );
    expect(cells).toEqual(PEOPLE);
  });

  it('shows the onboarding template and onboarding runs to the platform team only', async () => {
    const template = await row(
      'See and run the onboarding template (access grants)',
      async who => {
        const seen = await call(who).get(
          '/api/catalog/entities/by-name/template/default/engineer-onboarding',
        );
        // Empty values: an allowed caller reaches the form's validation (400 naming a field).
        const run = await call(who).post('/api/scaffolder/v2/tasks').send({
          templateRef: 'template:default/engineer-onboarding',
          values: {},
        });
        // Hidden, not forbidden: the catalogue answers as if it did not exist, and so does
        // the scaffolder when asked to run it.
        if (seen.status === 404 && run.status === 404) return 'refused';
        if (seen.status === 200 && run.status === 400) return 'allowed';
        if (
          who === 'service token (runway-ci)' &&
          seen.status === 200 &&
          run.status === 403
        )
          return 'reads, cannot run';
        return `see ${seen.status}, run ${run.status} ${run.text.slice(
          0,
          200,
        )}`;
      },
    );
    const runs = await row('Read onboarding runs (personal data)', async who =>
      outcomeOf(await call(who).get('/api/onboarding/runs'), 200),
    );
    expect({ template, runs }).toEqual({
      // runway-ci reads the whole catalogue (its access restrictions), templates included.
      template: {
        ...PLATFORM_ONLY,
        'service token (runway-ci)': 'reads, cannot run',
      },
      runs: PLATFORM_ONLY,
    });
  });

  it('shows a new-hire page, and lets its tasks be ticked, to the hire and the platform team only', async () => {
    // jane is being hired (her User entity has her work e-mail): she signs in and opens her page.
    const body = JSON.stringify({
      id: 'matrix-hire-jane',
      type: 'hire',
      person: {
        idpUserId: '00u-matrix-jane',
        name: 'Jane',
        email: 'jane@acme.example',
        githubLogin: 'jane-gh',
        team: 'group:default/payments',
        manager: 'pat@acme.example',
        startDate: '2027-01-04',
      },
    });
    const at = Math.floor(Date.now() / 1000);
    const hired = await request(backend.server)
      .post('/api/onboarding/hr/events')
      .set('Content-Type', 'application/json')
      .set('X-Runway-Timestamp', String(at))
      .set('X-Runway-Signature', signHrRequest(HR_SECRET, at, body))
      .send(body);
    expect(hired.status).toBe(201);
    const page = '/api/onboarding/hires/00u-matrix-jane';
    const read = await row(
      'Read a new hire’s own page (jane is the hire)',
      async who => outcomeOf(await call(who).get(page), 200),
    );
    const tick = await row('Tick a first-day task on it', async who =>
      outcomeOf(
        await request(backend.server)
          .put(`${page}/first-day-tasks/0`)
          .set('Authorization', `Bearer ${tokens.get(who)}`)
          .send({ done: true }),
        200,
      ),
    );
    expect({ read, tick }).toEqual({ read: OWNERS_ONLY, tick: OWNERS_ONLY });
  });

  it('shows the catalogue’s drift, and runs its check, for the platform team only', async () => {
    const read = await row('Read the catalogue’s drift', async who =>
      outcomeOf(await call(who).get('/api/catalog-drift/problems'), 200),
    );
    const check = await row('Run the drift check now', async who =>
      outcomeOf(await call(who).post('/api/catalog-drift/check'), 200),
    );
    expect({ read, check }).toEqual({
      read: PLATFORM_ONLY,
      check: PLATFORM_ONLY,
    });
  });

  it('lets the service token read the catalogue', async () => {
    const cells = await row('Read the catalogue', async who =>
      outcomeOf(
        await call(who).get(
          '/api/catalog/entities/by-name/component/default/invoices',
        ),
        200,
      ),
    );
    expect(cells).toEqual({
      ...PEOPLE,
      'service token (runway-ci)': 'allowed',
    });
  });

  it('is the matrix docs/security.md shows', () => {
    const doc = path.join(repoRoot, 'docs/security.md');
    const table = renderMatrix(observed);
    const text = fs.readFileSync(doc, 'utf8');
    const updated = replaceBetweenMarkers(text, table);
    if (process.env.RUNWAY_UPDATE_SECURITY_DOC === '1') {
      fs.writeFileSync(doc, updated);
    }
    // Cell by cell: prettier pads the committed table's columns.
    expect(tableCells(text)).toEqual(tableCells(updated));
  });
});

const BEGIN =
  '<!-- permission-matrix:begin (generated by packages/backend/src/permissionMatrix.test.ts) -->';
const END = '<!-- permission-matrix:end -->';

function renderMatrix(observed: Map<string, Record<Who, Outcome>>) {
  const mark = (o: Outcome) => {
    if (o === 'allowed') return '✅ allowed';
    if (o === 'refused') return '⛔ refused';
    if (o === 'reads, cannot run') return '👁 reads, cannot run';
    return `unexpected: ${o}`;
  };
  const lines = [
    `| action | ${WHO.join(' | ')} |`,
    `|---|${WHO.map(() => '---').join('|')}|`,
    ...[...observed.entries()].map(
      ([row, cells]) =>
        `| ${row} | ${WHO.map(w => mark(cells[w])).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

/** The matrix's rows as lists of trimmed cells, padding and the separator row left out. */
function tableCells(text: string) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  return text
    .slice(start, end)
    .split('\n')
    .filter(line => line.startsWith('|') && !/^\|[-| :]+\|$/.test(line))
    .map(line =>
      line
        .split('|')
        .slice(1, -1)
        .map(cell => cell.trim()),
    );
}

function replaceBetweenMarkers(text: string, table: string) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`docs/security.md needs the markers ${BEGIN} and ${END}`);
  }
  return `${text.slice(0, start + BEGIN.length)}\n${table}\n${text.slice(end)}`;
}

async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${what} never reached the catalogue`);
}
