import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  GithubActionsClient,
  githubActionsApiRef,
} from '@backstage-community/plugin-github-actions';
import { scmAuthApiRef } from '@backstage/integration-react';
import { onForge } from './forgeHost';

/** Replaces the plugin's own client (same extension id) with one that asks Runway's forge. */
const githubActionsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: githubActionsApiRef,
      deps: { configApi: configApiRef, scmAuthApi: scmAuthApiRef },
      factory: ({ configApi, scmAuthApi }) =>
        onForge(
          new GithubActionsClient({ configApi, scmAuthApi }),
          configApi.getOptionalString('runway.github.host') ?? 'github.com',
        ),
    }),
});

export const githubActionsModule = createFrontendModule({
  pluginId: 'github-actions',
  extensions: [githubActionsApi],
});
