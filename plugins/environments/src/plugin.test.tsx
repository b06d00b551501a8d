import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  FakeEnvironmentsBackend,
  anEnvironment,
} from './__testUtils__/fakeEnvironmentsBackend';
import plugin from './index';
import { environmentsEntityCard, environmentsPage } from './plugin';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout-api' },
});

describe('environments plugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('serves the page at /environments, where the expiry warnings link', () => {
    expect(
      createExtensionTester(environmentsPage).get(coreExtensionData.routePath),
    ).toBe('/environments');
  });

  it('shows its card on components only', () => {
    const filter = createExtensionTester(environmentsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(entity('Component'))).toBe(true);
    expect(filter?.(entity('API'))).toBe(false);
  });

  it('installed in an app, answers the Extend link of an expiry warning through its own API client', async () => {
    const backend = new FakeEnvironmentsBackend(
      [anEnvironment('pr-1234-checkout')],
      'http://localhost:7007/api/environments',
    );
    server.use(...backend.handlers());

    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/environments/pr-1234-checkout?extend=1'],
    });

    // hidden: true — the Extend dialog may already be open, and a modal dialog hides the rest of
    // the page from the accessibility tree (found by a loaded CI run).
    expect(
      await screen.findByRole('link', { name: 'Environments', hidden: true }),
    ).toHaveAttribute('href', '/environments');
    const dialog = await screen.findByRole('dialog', {
      name: 'Extend pr-1234-checkout by 1 day?',
    });
    await within(dialog).findByText(/Extended, it expires/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Extend' }),
    );
    expect(
      await screen.findByText(/Extended pr-1234-checkout by 1 day/),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/extend'),
    ).toEqual([expect.objectContaining({ body: { days: 1 } })]);
  });
});
