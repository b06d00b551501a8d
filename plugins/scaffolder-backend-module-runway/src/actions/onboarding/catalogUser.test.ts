/**
 * The User-entity steps on their own: what they refuse before writing anything, and how they wait
 * for the catalogue. The whole loop (onboarding plugin, catalogue module, real catalogue) runs in
 * packages/backend/src/onboarding.test.ts.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createCatalogUserEnsureAction,
  createCatalogUserRetireAction,
} from './catalogUser';

const ADA = {
  idpUserId: '00u-ada',
  login: 'ada-l',
  name: 'Ada Lovelace',
  email: 'ada@acme.example',
  team: 'group:default/payments',
  manager: 'user:default/grace-liu',
};

const someoneElse: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ada-l', namespace: 'default' },
  spec: { memberOf: ['group:default/storefront'] },
};

/** The onboarding API, recording what it is asked; `answer` decides each reply. */
function onboardingApi(answer: (method: string) => object) {
  const calls: string[] = [];
  const realFetch = global.fetch;
  jest.spyOn(global, 'fetch').mockImplementation(async (url, init) => {
    if (!String(url).startsWith('http://onboarding.test/')) {
      return realFetch(url as any, init);
    }
    calls.push(
      `${init?.method} ${String(url).slice(
        'http://onboarding.test/api'.length,
      )}`,
    );
    return new Response(JSON.stringify(answer(init?.method ?? 'GET')), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

const deps = (entities: Entity[]) => ({
  catalog: catalogServiceMock({ entities }),
  discovery: { getBaseUrl: async () => 'http://onboarding.test/api' } as any,
  auth: mockServices.auth(),
  waitMs: 300,
});

afterEach(() => jest.restoreAllMocks());

describe('catalog:user:ensure', () => {
  it('refuses a login the catalogue already has for someone else, and registers nothing', async () => {
    const calls = onboardingApi(() => ({ changed: true }));
    const action = createCatalogUserEnsureAction(deps([someoneElse]));
    await expect(
      action.handler(createMockActionContext({ input: ADA })),
    ).rejects.toThrow(
      /^login: the catalogue already has user:default\/ada-l, and it is not this person \(no runway.dev\/idp-user-id: 00u-ada\); check the GitHub login/,
    );
    expect(calls).toEqual([]);
  });

  it('registers, then fails saying so when the catalogue never shows the entity', async () => {
    const calls = onboardingApi(() => ({ changed: true }));
    const action = createCatalogUserEnsureAction(deps([]));
    await expect(
      action.handler(createMockActionContext({ input: ADA })),
    ).rejects.toThrow(
      /The catalogue has not shown user:default\/ada-l in group:default\/payments after 0 s \(the catalogue may be busy; the registration was withdrawn\)\. Retry this step\./,
    );
    expect(calls).toEqual(['PUT /users/00u-ada', 'DELETE /users/00u-ada']);
  });

  it('answers the entity ref once the catalogue shows the person in their team', async () => {
    onboardingApi(() => ({ changed: false }));
    const ours: Entity = {
      ...someoneElse,
      metadata: {
        ...someoneElse.metadata,
        annotations: { 'runway.dev/idp-user-id': '00u-ada' },
      },
      spec: { memberOf: ['group:default/payments'] },
    };
    const action = createCatalogUserEnsureAction(deps([ours]));
    const ctx = createMockActionContext({ input: ADA });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('userRef', 'user:default/ada-l');
  });
});

describe('catalog:user:retire', () => {
  it('revokes nothing when onboarding registered no entity', async () => {
    const calls = onboardingApi(() => ({ retired: false }));
    const action = createCatalogUserRetireAction(deps([]));
    const ctx = createMockActionContext({
      input: { idpUserId: '00u-ada', login: 'ada-l' },
    });
    await action.handler(ctx);
    expect(calls).toEqual(['DELETE /users/00u-ada']);
    expect(ctx.output).toHaveBeenCalledWith('revoked', []);
  });

  it('says what still provides an entity the organisation sync took over', async () => {
    onboardingApi(() => ({ retired: true }));
    const synced: Entity = {
      ...someoneElse,
      metadata: {
        ...someoneElse.metadata,
        annotations: {
          'runway.dev/idp-user-id': '00u-ada',
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/acme',
        },
      },
    };
    const action = createCatalogUserRetireAction(deps([synced]));
    const ctx = createMockActionContext({
      input: { idpUserId: '00u-ada', login: 'ada-l' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('revoked', [
      'catalogue User entity user:default/ada-l',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'remaining',
      expect.stringMatching(/comes from the organisation sync/),
    );
  });
});
