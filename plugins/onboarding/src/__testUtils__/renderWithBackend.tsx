import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { OnboardingClient, onboardingApiRef } from '../api';
import { rootRouteRef, taskRouteRef } from '../routes';

export const ME = 'user:default/priya';
export const PLATFORM = 'group:default/platform';

/**
 * Renders `element` in a test app whose onboarding API is the real client, talking over fetch to
 * whatever msw serves; `path` is the URL the browser is at.
 */
export function renderWithBackend(
  element: JSX.Element,
  options: { path?: string; mountPath?: string } = {},
) {
  return renderInTestApp(element, {
    mountPath: options.mountPath,
    initialRouteEntries: [options.path ?? '/'],
    mountedRoutes: {
      '/onboarding': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/create/tasks/:taskId': taskRouteRef,
    },
    apis: [
      [
        identityApiRef,
        mockApis.identity({
          userEntityRef: ME,
          ownershipEntityRefs: [ME, PLATFORM],
        }),
      ],
      [
        onboardingApiRef,
        new OnboardingClient({
          discoveryApi: mockApis.discovery(),
          fetchApi: mockApis.fetch(),
        }),
      ],
    ],
  });
}
