import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page is a chunk of its own: Backstage's SignInPage brings its page layout and a
 * form library (react-hook-form) that the rest of the first page does not use. It is fetched
 * when the app starts, alongside the first page's scripts (docs/benchmarks.md counts both).
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: () =>
          import('./RunwaySignInPage').then(m => m.RunwaySignInPage),
      },
    }),
  ],
});
