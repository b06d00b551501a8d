import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { githubSignInResolvers } from '@backstage/plugin-auth-backend-module-github-provider';
import {
  AuthResolverContext,
  commonSignInResolvers,
} from '@backstage/plugin-auth-node';
import { guarded } from './signIn';

const user = (name: string, origin: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/managed-by-origin-location': origin },
  },
  spec: {
    profile: { email: `${name}@acme.example` },
    memberOf: ['group:default/payments'],
  },
});

const catalog = [
  // Provided by onboarding for a hire, before the organisation sync knows them.
  user('ada-l', 'runway-onboarding:00u-ada'),
  user('grace', 'url:https://github.com/acme'),
];

/** A resolver context over `catalog`; signing in answers the entity's ref. */
function context(): AuthResolverContext {
  const find = (query: any) => {
    const entity = catalog.find(e =>
      query.entityRef
        ? e.metadata.name === query.entityRef.name
        : (e.spec as any).profile.email === query.filter['spec.profile.email'],
    );
    if (!entity) throw new NotFoundError('no such user');
    return entity;
  };
  return {
    issueToken: async () => ({ token: 'token' }),
    findCatalogUser: async query => ({ entity: find(query) }),
    signInWithCatalogUser: async query => ({
      token: `signed in as ${find(query).metadata.name}`,
    }),
    resolveOwnershipEntityRefs: async () => ({ ownershipEntityRefs: [] }),
  };
}

const info = (username: string) =>
  ({
    profile: { email: `${username}@acme.example` },
    result: { fullProfile: { username } },
  } as any);

describe('GitHub sign-in', () => {
  it("Backstage's resolver alone would sign in as a hire's provisional entity (the hole)", async () => {
    const resolver = githubSignInResolvers.usernameMatchingUserEntityName();
    await expect(resolver(info('ada-l'), context())).resolves.toEqual({
      token: 'signed in as ada-l',
    });
  });

  it.each([
    'usernameMatchingUserEntityName',
    'emailMatchingUserEntityProfileEmail',
  ])(
    'refuses a hire’s provisional entity through %s, saying when they can sign in',
    async name => {
      const factories = guarded({
        ...githubSignInResolvers,
        ...commonSignInResolvers,
      });
      await expect(factories[name]()(info('ada-l'), context())).rejects.toThrow(
        'user:default/ada-l is a new hire whose GitHub access is not applied yet; they sign in once it is (the organisation sync then knows them).',
      );
    },
  );

  it('signs in everyone else as before, and leaves an unknown person to the resolver', async () => {
    const factories = guarded({ ...githubSignInResolvers });
    await expect(
      factories.usernameMatchingUserEntityName()(info('grace'), context()),
    ).resolves.toEqual({ token: 'signed in as grace' });
    await expect(
      factories.usernameMatchingUserEntityName()(info('nobody'), context()),
    ).rejects.toThrow('no such user');
  });
});
