/**
 * The hires' User entities from registration to the catalogue: only Runway's steps (a service)
 * register them, each change is announced on the events bus, and the provider hands the
 * catalogue every registered hire except those the organisation sync has taken over.
 */
import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import request from 'supertest';
import { eventually } from '../__testUtils__/testBackend';
import onboardingPlugin from '../index';
import { USERS_CHANGED_TOPIC } from '../users/router';
import { OnboardingUserProvider } from './OnboardingUserProvider';

const GRACE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'graceliu',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-origin-location': 'url:https://github.com/acme',
    },
  },
  spec: { memberOf: ['group:default/payments'] },
};

const ADA = {
  login: 'ada-l',
  name: 'Ada Lovelace',
  email: 'Ada@acme.example',
  team: 'group:default/payments',
  manager: 'user:default/grace-liu',
};

async function start() {
  const announced: unknown[] = [];
  const listener = createBackendPlugin({
    pluginId: 'listener',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-listener',
            topics: [USERS_CHANGED_TOPIC],
            onEvent: async e => {
              announced.push(e.eventPayload);
            },
          });
        },
      });
    },
  });
  // One bus for every plugin, as in a real backend (the test backend's mock is per plugin).
  const bus = mockServices.events();
  const backend = await startTestBackend({
    features: [
      onboardingPlugin,
      listener,
      // What the catalogue holds already: a person the organisation sync provides.
      catalogServiceMock.factory({ entities: [GRACE] }),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => bus,
      }),
      mockServices.rootConfig.factory({ data: { runway: { onboarding: {} } } }),
    ],
  });
  const port = backend.server.address() as { port: number };
  return {
    backend,
    announced,
    baseUrl: `http://localhost:${port.port}/api/onboarding`,
  };
}

describe('the hires’ User entities', () => {
  let env: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    env = await start();
  });
  afterAll(() => env.backend.stop());

  const put = (id: string, body: object) =>
    request(env.backend.server)
      .put(`/api/onboarding/users/${id}`)
      .set('Authorization', mockCredentials.service.header())
      .send(body);

  it('are written only by Runway’s own steps, never by a person', async () => {
    const res = await request(env.backend.server)
      .put('/api/onboarding/users/00u-ada')
      .set('Authorization', mockCredentials.user.header())
      .send(ADA);
    expect(res.status).toBe(403);
    const list = await request(env.backend.server)
      .get('/api/onboarding/users')
      .set('Authorization', mockCredentials.user.header());
    expect(list.status).toBe(403);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const res = await put('00u-bad', { ...ADA, team: 'payments' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /team: "payments" must be a group ref such as group:default\/payments/,
    );
    const list = await request(env.backend.server)
      .get('/api/onboarding/users')
      .set('Authorization', mockCredentials.service.header());
    expect(list.body.entities).toEqual([]);
  });

  it('registers once, announces the change once, and lists the entity', async () => {
    expect((await put('00u-ada', ADA)).status).toBe(201);
    expect((await put('00u-ada', ADA)).status).toBe(200);
    // The bus delivers in order: once the marker's event is in, a second one for Ada would be too.
    expect(
      (
        await put('00u-marker', {
          ...ADA,
          login: 'marker',
          email: 'marker@acme.example',
        })
      ).status,
    ).toBe(201);
    await eventually(
      () => env.announced.length,
      n => n >= 2,
    );
    expect(env.announced).toEqual([
      { idpUserId: '00u-ada' },
      { idpUserId: '00u-marker' },
    ]);
    await request(env.backend.server)
      .delete('/api/onboarding/users/00u-marker')
      .set('Authorization', mockCredentials.service.header());
    const list = await request(env.backend.server)
      .get('/api/onboarding/users')
      .set('Authorization', mockCredentials.service.header());
    expect(list.body.entities).toEqual([
      expect.objectContaining({
        kind: 'User',
        metadata: expect.objectContaining({ name: 'ada-l' }),
        spec: {
          profile: { displayName: 'Ada Lovelace', email: 'ada@acme.example' },
          memberOf: ['group:default/payments'],
        },
      }),
    ]);
  });

  it('refuses a login the catalogue gives someone else, server-side, with 409', async () => {
    const res = await put('00u-grace-impostor', { ...ADA, login: 'graceliu' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'login: the catalogue already has user:default/graceliu, and it is not this person; check the GitHub login in the identity provider',
    );
  });

  it('refuses another person with the same e-mail with 409', async () => {
    const res = await put('00u-twin', { ...ADA, login: 'ada-twin' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^email: ada@acme\.example is registered for another person/,
    );
  });

  it('refuses another person with the same login with 409', async () => {
    const res = await put('00u-other', { ...ADA, login: 'ADA-L' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/login: ada-l is registered/);
  });

  describe('the catalogue provider', () => {
    function provider(catalogEntities: Entity[]) {
      const mutations: any[] = [];
      const p = new OnboardingUserProvider({
        discovery: { getBaseUrl: async () => env.baseUrl } as any,
        auth: mockServices.auth(),
        catalog: catalogServiceMock({ entities: catalogEntities }),
        logger: mockServices.logger.mock(),
      });
      const connection: EntityProviderConnection = {
        applyMutation: async m => {
          mutations.push(m);
        },
        refresh: async () => {},
      };
      return { p, connection, mutations };
    }

    it('hands the catalogue every registered hire, with no location key (a weak claim)', async () => {
      const { p, connection, mutations } = provider([]);
      await p.connect(connection);
      await p.refresh();
      expect(mutations).toEqual([
        {
          type: 'full',
          entities: [
            {
              entity: expect.objectContaining({
                metadata: expect.objectContaining({ name: 'ada-l' }),
              }),
            },
          ],
        },
      ]);
      expect(mutations[0].entities[0].locationKey).toBeUndefined();
    });

    it('leaves out a hire the organisation sync has taken over, and never provides it again', async () => {
      const synced: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: {
          name: 'ada-l',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-origin-location':
              'url:https://github.com/acme',
          },
        },
        spec: { memberOf: ['group:default/payments'] },
      };
      const { p, connection, mutations } = provider([synced]);
      await p.connect(connection);
      await p.refresh();
      expect(mutations).toEqual([{ type: 'full', entities: [] }]);
      // The sync drops the person later: onboarding's old copy must not come back.
      const after = provider([]);
      await after.p.connect(after.connection);
      await after.p.refresh();
      expect(after.mutations).toEqual([{ type: 'full', entities: [] }]);
      // Re-registered (a retried step): the sync has the person, so it stays adopted.
      await put('00u-ada', ADA);
      const again = provider([]);
      await again.p.connect(again.connection);
      await again.p.refresh();
      expect(again.mutations).toEqual([{ type: 'full', entities: [] }]);
    });

    it('runs one refresh at a time, and once more for what arrived meanwhile', async () => {
      const { p, connection, mutations } = provider([]);
      await p.connect(connection);
      await Promise.all([p.refresh(), p.refresh(), p.refresh()]);
      expect(mutations).toHaveLength(2);
    });

    it('drops a retired hire', async () => {
      const res = await request(env.backend.server)
        .delete('/api/onboarding/users/00u-ada')
        .set('Authorization', mockCredentials.service.header());
      expect(res.body).toEqual({
        entityRef: 'user:default/ada-l',
        retired: true,
        changed: true,
      });
      const { p, connection, mutations } = provider([]);
      await p.connect(connection);
      await p.refresh();
      expect(mutations).toEqual([{ type: 'full', entities: [] }]);
      await eventually(
        () => env.announced,
        a => a.length >= 4,
      );
      expect(env.announced.at(-1)).toEqual({ idpUserId: '00u-ada' });
    });
  });
});
