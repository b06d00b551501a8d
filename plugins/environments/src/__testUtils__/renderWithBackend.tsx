import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EnvironmentsClient, environmentsApiRef } from '../api';
import { rootRouteRef, templateRouteRef } from '../routes';
import { ME, MY_TEAM } from './fakeEnvironmentsBackend';

/**
 * Renders `element` in a test app whose environments API is the real client, talking over
 * fetch to whatever msw serves; `path` is the URL the browser is at.
 */
export function renderWithBackend(
  element: JSX.Element,
  options: { path?: string; mountPath?: string } = {},
) {
  return renderInTestApp(element, {
    mountPath: options.mountPath,
    initialRouteEntries: [options.path ?? '/'],
    mountedRoutes: {
      '/environments': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/create/templates/:namespace/:templateName': templateRouteRef,
    },
    apis: [
      [
        identityApiRef,
        mockApis.identity({
          userEntityRef: ME,
          ownershipEntityRefs: [ME, MY_TEAM],
        }),
      ],
      [
        environmentsApiRef,
        new EnvironmentsClient({
          discoveryApi: mockApis.discovery(),
          fetchApi: mockApis.fetch(),
        }),
      ],
    ],
  });
}
