import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  FakeEnvironmentsBackend,
  anEnvironment,
} from '../../__testUtils__/fakeEnvironmentsBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { EntityEnvironmentsCard } from './EntityEnvironmentsCard';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
});

describe('EntityEnvironmentsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeEnvironmentsBackend;
  beforeEach(() => {
    backend = new FakeEnvironmentsBackend([
      anEnvironment('pr-1234-checkout', {
        services: [
          {
            entityRef: 'component:default/checkout-api',
            branch: 'feature/pay-later',
          },
          { entityRef: 'component:default/ledger', branch: 'main' },
        ],
        urls: {
          'checkout-api': 'https://checkout-api.pr-1234-checkout.env.acme.test',
          ledger: 'https://ledger.pr-1234-checkout.env.acme.test',
        },
      }),
      anEnvironment('ledger-only', {
        services: [
          { entityRef: 'component:default/ledger', branch: 'fix/rounding' },
        ],
      }),
    ]);
    server.use(...backend.handlers());
  });

  const renderCard = (entity: Entity) =>
    renderWithBackend(
      <EntityProvider entity={entity}>
        <EntityEnvironmentsCard />
      </EntityProvider>,
    );

  it("lists the environments that run the component, with this service's branch and URL", async () => {
    renderCard(component('Ledger'));

    const link = await screen.findByRole('link', { name: 'pr-1234-checkout' });
    expect(link).toHaveAttribute('href', '/environments/pr-1234-checkout');
    expect(backend.requestsTo('GET', '/environments')[0].query).toEqual({
      filter: 'all',
      entityRef: 'component:default/ledger',
    });
    const row = within(link.closest('tr')!);
    expect(row.getByText('main')).toBeInTheDocument();
    expect(row.getByText('active')).toBeInTheDocument();
    expect(row.getByText(/^2d 23h 59m$/)).toBeInTheDocument();
    expect(
      row.getByRole('link', { name: /^https:\/\/ledger\.pr-1234-checkout/ }),
    ).toHaveAttribute('href', 'https://ledger.pr-1234-checkout.env.acme.test');
    expect(
      screen.getByRole('link', { name: 'ledger-only' }),
    ).toBeInTheDocument();
    expect(screen.getByText('fix/rounding')).toBeInTheDocument();
    expect(screen.getByText('All environments')).toBeInTheDocument();
  });

  it('offers the template when no environment runs the component', async () => {
    renderCard(component('payments-api'));

    expect(
      await screen.findByText(/No environment runs payments-api\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'Create one from the Ephemeral environment template.',
      }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/ephemeral-environment',
    );
  });
});
