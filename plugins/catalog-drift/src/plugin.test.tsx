import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  FakeCatalogDriftBackend,
  aProblem,
  hoursAgo,
} from './__testUtils__/fakeCatalogDriftBackend';
import plugin from './index';
import { catalogDriftPage } from './plugin';

describe('catalog-drift plugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('serves the page at /catalog-drift', () => {
    expect(
      createExtensionTester(catalogDriftPage).get(coreExtensionData.routePath),
    ).toBe('/catalog-drift');
  });

  it('installed in an app, shows the drift through its own API client, with a nav item', async () => {
    const backend = new FakeCatalogDriftBackend(
      { checkedAt: hoursAgo(1), problems: [aProblem()] },
      'http://localhost:7007/api',
    );
    server.use(...backend.handlers());

    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/catalog-drift'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    const links = await screen.findAllByRole('link', {
      name: 'Catalogue drift',
    });
    for (const link of links)
      expect(link).toHaveAttribute('href', '/catalog-drift');
    expect(
      await screen.findByRole('link', { name: /cart-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/cart-service');
  });
});
