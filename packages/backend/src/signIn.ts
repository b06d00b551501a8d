/**
 * GitHub sign-in, with Backstage's own resolvers (chosen in app-config as usual) and one rule
 * more: nobody signs in as the User entity onboarding provides for a hire before the organisation
 * sync knows them. That entity is named after the GitHub login the identity provider gave, and
 * carries the hire's team (so its permissions) before anyone reviewed the access pull request:
 * whoever holds that GitHub username — a typo, someone else — would sign in as a team member. The
 * hire signs in once their GitHub access is applied and the sync has taken the entity over.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  githubAuthenticator,
  githubSignInResolvers,
} from '@backstage/plugin-auth-backend-module-github-provider';
import {
  AuthResolverContext,
  SignInResolverFactory,
  authProvidersExtensionPoint,
  commonSignInResolvers,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { ORIGIN_LOCATION_ANNOTATION } from '@runway/plugin-onboarding-common';

/** Whether the entity is onboarding's provisional one (not yet the organisation sync's). */
export const isProvisionalHire = (entity: Entity) =>
  (entity.metadata.annotations?.[ORIGIN_LOCATION_ANNOTATION] ?? '').startsWith(
    'runway-onboarding:',
  );

/** The resolver context, refusing to sign in as a provisional hire. */
export function guardedContext(ctx: AuthResolverContext): AuthResolverContext {
  return {
    ...ctx,
    async signInWithCatalogUser(query, options) {
      let entity: Entity | undefined;
      try {
        ({ entity } = await ctx.findCatalogUser(query));
      } catch (error) {
        if (
          !(error instanceof NotFoundError) &&
          (error as Error).name !== 'NotFoundError'
        ) {
          throw error;
        }
      }
      if (entity && isProvisionalHire(entity)) {
        throw new NotAllowedError(
          `${stringifyEntityRef(
            entity,
          )} is a new hire whose GitHub access is not applied yet; they sign in once it is (the organisation sync then knows them).`,
        );
      }
      return ctx.signInWithCatalogUser(query, options);
    },
  };
}

/** Each resolver factory, its resolvers working through the guarded context. */
export function guarded(
  factories: Record<string, SignInResolverFactory>,
): Record<string, SignInResolverFactory> {
  return Object.fromEntries(
    Object.entries(factories).map(([name, factory]) => {
      const wrapped = ((...options: unknown[]) => {
        const resolver = (factory as (...o: unknown[]) => any)(...options);
        return (info: any, ctx: AuthResolverContext) =>
          resolver(info, guardedContext(ctx));
      }) as SignInResolverFactory;
      wrapped.optionsJsonSchema = factory.optionsJsonSchema;
      return [name, wrapped];
    }),
  );
}

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'runway-github-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'github',
          factory: createOAuthProviderFactory({
            authenticator: githubAuthenticator,
            signInResolverFactories: guarded({
              ...githubSignInResolvers,
              ...commonSignInResolvers,
            }),
          }),
        });
      },
    });
  },
});
