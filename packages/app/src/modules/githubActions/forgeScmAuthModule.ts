import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  githubAuthApiRef,
} from '@backstage/frontend-plugin-api';
import { ScmAuth, scmAuthApiRef } from '@backstage/integration-react';

/**
 * GitHub tokens for github.com and for Runway's forge (`runway.github.host`, the devstack
 * locally), both from the GitHub auth provider; Runway hosts code on GitHub only.
 */
const scmAuthApi = ApiBlueprint.make({
  name: 'scm-auth',
  params: defineParams =>
    defineParams({
      api: scmAuthApiRef,
      deps: { githubAuthApi: githubAuthApiRef, configApi: configApiRef },
      factory: ({ githubAuthApi, configApi }) => {
        const host = configApi.getOptionalString('runway.github.host');
        return !host || host === 'github.com'
          ? ScmAuth.forGithub(githubAuthApi)
          : ScmAuth.merge(
              ScmAuth.forGithub(githubAuthApi),
              ScmAuth.forGithub(githubAuthApi, { host }),
            );
      },
    }),
});

/** Overrides the app's default scm-auth API (same extension id, api:app/scm-auth). */
export const forgeScmAuthModule = createFrontendModule({
  pluginId: 'app',
  extensions: [scmAuthApi],
});
