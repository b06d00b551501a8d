import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { CatalogDriftClient, catalogDriftApiRef } from '../api';
import { SWRConfig } from 'swr';
import { rootRouteRef } from '../routes';

export const ME = 'user:default/priya';
export const PLATFORM = 'group:default/platform';

/** What the permission API answers; Runway's policy allows both to the platform team. */
export type Authorize = (
  request: EvaluatePermissionRequest,
) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/**
 * Renders `element` in a test app whose catalog-drift API is the real client, talking over fetch to
 * whatever msw serves; `authorize` answers the permission API's requests (all allowed by default).
 * usePermission keeps its answers in swr's cache, global by default: each render gets its own, so
 * no test sees another's answer.
 */
export function renderWithBackend(
  element: JSX.Element,
  options: { authorize?: Authorize } = {},
) {
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    {
      mountPath: '/catalog-drift/*',
      initialRouteEntries: ['/catalog-drift'],
      mountedRoutes: {
        '/catalog-drift': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
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
          permissionApiRef,
          mockApis.permission({
            authorize: options.authorize ?? (() => AuthorizeResult.ALLOW),
          }),
        ],
        [
          catalogDriftApiRef,
          new CatalogDriftClient({
            discoveryApi: mockApis.discovery(),
            fetchApi: mockApis.fetch(),
          }),
        ],
      ],
    },
  );
}
