import {
  AuthService,
  DiscoveryService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PROVISIONED_AT_ANNOTATION,
  TERRAFORM_PULL_REQUEST_ANNOTATION,
  createFollowupConditionalDecision,
  followupConditions,
  followupReadPermission,
} from '@runway/plugin-delivery-common';
import request from 'supertest';
import { testDatabases } from '../__testUtils__/databases';
import {
  FakeClock,
  START,
  atlantisCommentEvent,
  newFollowup,
} from '../__testUtils__/fixtures';
import { DeliveryAnnotationProcessor } from '../catalog/DeliveryAnnotationProcessor';
import { DeliveryApiClient } from '../catalog/DeliveryApiClient';
import { deliveryClockServiceRef } from '../clock';
import { deliveryPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = testDatabases();

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/grace-liu': ['group:default/payments'],
  'user:default/sam': ['group:default/storefront'],
  'user:default/pat': ['group:default/platform'],
  'user:default/nobody': [],
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const serviceHeader = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'delivery',
  });
const SCAFFOLDER = serviceHeader('plugin:scaffolder');

/**
 * Answers as Runway's policy is asked to (the lead adds it to permission-backend-module-runway):
 * the platform team all; anyone else a conditional decision with their ownership claims; `nobody`
 * is denied outright, to show a refusal.
 */
function policy() {
  return mockServices.permissions.mock({
    authorizeConditional: jest.fn(async (requests, options) => {
      const principal = options?.credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      return requests.map(() => {
        if (principal.type !== 'user') return { result: AuthorizeResult.ALLOW };
        const ref = principal.userEntityRef!;
        if (ref === 'user:default/nobody')
          return { result: AuthorizeResult.DENY };
        const claims = [ref, ...(MEMBERSHIP[ref] ?? [])];
        if (claims.includes('group:default/platform')) {
          return { result: AuthorizeResult.ALLOW };
        }
        return createFollowupConditionalDecision(
          followupReadPermission,
          followupConditions.isFollowupStakeholder({ claims }),
        );
      });
    }) as any,
  });
}

async function startBackend() {
  const clock = new FakeClock(START);
  const events = mockServices.events.mock();
  const captured: { discovery?: DiscoveryService; auth?: AuthService } = {};
  const backend = await startTestBackend({
    features: [
      deliveryPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://runway.acme.example' },
          runway: { delivery: { remindersEnabled: false } },
        },
      }),
      policy().factory,
      events.factory,
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn(async () => {}) }),
      }),
      createServiceFactory({
        service: deliveryClockServiceRef,
        deps: {},
        factory: () => clock,
      }),
      // Another plugin's view of the delivery API: the catalogue module calls it as a service.
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'capture',
        register(env) {
          env.registerInit({
            deps: {
              discovery: coreServices.discovery,
              auth: coreServices.auth,
            },
            async init(deps) {
              Object.assign(captured, deps);
            },
          });
        },
      }),
    ],
  });
  const [subscription] = (events.subscribe as jest.Mock).mock.calls.map(
    c => c[0],
  );
  return {
    server: backend.server,
    stop: () => backend.stop(),
    subscription,
    captured,
  };
}

type Backend = Awaited<ReturnType<typeof startBackend>>;

const record = (b: Backend, body: object, auth = SCAFFOLDER) =>
  request(b.server)
    .post('/api/delivery/followups')
    .set('Authorization', auth)
    .send(body);

describe('delivery API', () => {
  let b: Backend;
  beforeEach(async () => {
    b = await startBackend();
  });
  afterEach(() => b.stop());

  it('records a follow-up for the scaffolder, the same one again when the step is retried', async () => {
    const first = await record(b, newFollowup());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      service: 'ledger-api',
      state: 'pr-open',
      pullRequest: {
        number: 7,
        url: 'https://github.com/acme/platform-config/pull/7',
      },
      requester: 'user:default/grace-liu',
    });
    const again = await record(b, newFollowup());
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses people and other services, and names the field of a bad request', async () => {
    const byUser = await record(b, newFollowup(), as('grace-liu'));
    expect(byUser.status).toBe(403);
    expect(byUser.body.error.message).toContain(
      'Only the new-service golden path',
    );
    const byOther = await record(
      b,
      newFollowup(),
      serviceHeader('plugin:catalog'),
    );
    expect(byOther.status).toBe(403);

    const bad = await record(b, {
      ...newFollowup(),
      pullRequestNumber: 'seven',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'pullRequestNumber: must be the pull request number, a positive integer',
    );
    const badRef = await record(b, {
      ...newFollowup(),
      requester: 'group:default/x',
    });
    expect(badRef.body.error.message).toContain(
      'requester: must be a user entity ref',
    );
  });

  it('lists all follow-ups for the platform team, their own and their team’s for others, as the policy decides', async () => {
    await record(b, newFollowup());
    await record(
      b,
      newFollowup({
        pullRequestNumber: 8,
        service: 'shop',
        entityRef: 'component:default/shop',
        requester: 'user:default/sam',
        ownerTeam: 'group:default/storefront',
      }),
    );
    const list = async (user: string) =>
      request(b.server)
        .get('/api/delivery/followups')
        .set('Authorization', as(user));
    expect((await list('pat')).body.items.map((f: any) => f.service)).toEqual(
      expect.arrayContaining(['ledger-api', 'shop']),
    );
    expect(
      (await list('grace-liu')).body.items.map((f: any) => f.service),
    ).toEqual(['ledger-api']);
    expect((await list('sam')).body.items.map((f: any) => f.service)).toEqual([
      'shop',
    ]);
    expect((await list('nobody')).status).toBe(403);

    const byEntity = (user: string) =>
      request(b.server)
        .get('/api/delivery/followups/by-entity/component/default/shop')
        .set('Authorization', as(user));
    expect((await byEntity('sam')).body.items).toHaveLength(1);
    expect((await byEntity('grace-liu')).status).toBe(404);
    const badState = await request(b.server)
      .get('/api/delivery/followups?state=done')
      .set('Authorization', as('pat'));
    expect(badState.body.error.message).toContain(
      'state: must be one of pr-open',
    );
  });

  it('moves a follow-up on a GitHub webhook, and the catalogue module annotates the applied Component', async () => {
    const { body } = await record(b, newFollowup());
    await b.subscription.onEvent(atlantisCommentEvent());
    const read = await request(b.server)
      .get(`/api/delivery/followups/${body.id}`)
      .set('Authorization', as('grace-liu'));
    expect(read.body).toMatchObject({
      state: 'applied',
      appliedAt: START.toISOString(),
    });
    expect(read.body.events.map((e: any) => e.type)).toEqual([
      'recorded',
      'applied',
      'notified',
    ]);

    const processor = new DeliveryAnnotationProcessor({
      client: new DeliveryApiClient({
        discovery: b.captured.discovery!,
        auth: b.captured.auth!,
      }),
      logger: mockServices.logger.mock(),
    });
    const component = (name: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
      spec: {},
    });
    const annotated = await processor.preProcessEntity(component('ledger-api'));
    expect(annotated.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      [PROVISIONED_AT_ANNOTATION]: START.toISOString(),
      [TERRAFORM_PULL_REQUEST_ANNOTATION]:
        'https://github.com/acme/platform-config/pull/7',
    });
    const untouched = component('other');
    expect(await processor.preProcessEntity(untouched)).toBe(untouched);
  });
});
