import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import type { GithubActionsApi } from '@backstage-community/plugin-github-actions';
import { scmAuthApiRef } from '@backstage/integration-react';
import { onForge } from './forgeHost';
import { lazyApi } from '../lazyApi';

/**
 * The plugin's `githubActionsApiRef`, by id (Backstage finds APIs by id): importing it from the
 * package would bring its whole index, client and Octokit included, into the first page.
 */
export const githubActionsApiRef = createApiRef<GithubActionsApi>().with({
  id: 'plugin.githubactions.service',
});

/**
 * Replaces the plugin's own client (same extension id) with one that asks Runway's forge. The
 * client and Octokit load on the first call, so they stay out of the first page's JavaScript.
 */
const githubActionsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: githubActionsApiRef,
      deps: { configApi: configApiRef, scmAuthApi: scmAuthApiRef },
      factory: ({ configApi, scmAuthApi }) =>
        onForge(
          lazyApi(() =>
            import('@backstage-community/plugin-github-actions').then(
              m => new m.GithubActionsClient({ configApi, scmAuthApi }),
            ),
          ),
          configApi.getOptionalString('runway.github.host') ?? 'github.com',
        ),
    }),
});

export const githubActionsModule = createFrontendModule({
  pluginId: 'github-actions',
  extensions: [githubActionsApi],
});
