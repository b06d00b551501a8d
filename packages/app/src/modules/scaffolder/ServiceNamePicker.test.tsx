import { useState } from 'react';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ServiceNamePicker } from './ServiceNamePicker';

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name: 'payments-api' },
  spec: { owner: 'group:payments' },
};

/** The picker as the scaffolder form holds it: the form keeps the value, the field shows it. */
function Form() {
  const [formData, setFormData] = useState<string | undefined>();
  const props = {
    formData,
    onChange: setFormData,
    required: true,
    schema: { title: 'Name', description: 'Lower-case letters' },
    uiSchema: {},
    idSchema: { $id: 'root_name' },
    rawErrors: [],
  } as unknown as FieldExtensionComponentProps<string>;
  return <ServiceNamePicker {...props} />;
}

function renderPicker(getEntities: jest.Mock) {
  const catalogApi = catalogApiMock.mock({ getEntities });
  renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <Form />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
}

const hint = () => screen.getByRole('status');

describe('ServiceNamePicker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says what is wrong with a malformed name, without asking the catalogue', async () => {
    const getEntities = jest.fn();
    const user = renderPicker(getEntities);

    await user.type(screen.getByLabelText(/Name/), 'Payments API');
    expect(hint()).toHaveTextContent('');
    await act(() => jest.advanceTimersByTimeAsync(300));

    expect(hint()).toHaveTextContent(
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
    );
    expect(getEntities).not.toHaveBeenCalled();
  });

  it('names the entity that already holds the name, linking to it', async () => {
    const getEntities = jest.fn().mockResolvedValue({ items: [paymentsApi] });
    const user = renderPicker(getEntities);

    await user.type(screen.getByLabelText(/Name/), 'payments-api');
    expect(hint()).toHaveTextContent('Checking…');

    expect(
      await screen.findByText(
        'is already in the catalogue (Component, owned by group:default/payments) — choose another name',
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(hint()).toHaveTextContent(
      'payments-api is already in the catalogue (Component, owned by group:default/payments) — choose another name',
    );
    expect(screen.getByLabelText(/Name/)).toHaveAccessibleDescription(
      /Lower-case letters .*payments-api is already in the catalogue/,
    );
    expect(screen.getByRole('link', { name: 'payments-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
    expect(getEntities).toHaveBeenCalledWith({
      filter: {
        kind: ['Component', 'API', 'Resource', 'System', 'Domain'],
        'metadata.namespace': 'default',
        'metadata.name': 'payments-api',
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
      limit: 1,
    });
  });

  it('says a free name is available, with one catalogue query for the whole word', async () => {
    const getEntities = jest.fn().mockResolvedValue({ items: [] });
    const user = renderPicker(getEntities);

    await user.type(screen.getByLabelText(/Name/), 'ledger-service');

    expect(
      await screen.findByText('is available', { exact: false }),
    ).toBeInTheDocument();
    expect(hint()).toHaveTextContent('ledger-service is available');
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntities.mock.calls[0][0].filter['metadata.name']).toBe(
      'ledger-service',
    );
  });

  it('asks again only after the next pause, and shows the newest answer', async () => {
    const getEntities = jest.fn(async ({ filter }) => ({
      items: filter['metadata.name'] === 'payments-api' ? [paymentsApi] : [],
    }));
    const user = renderPicker(getEntities);
    const field = screen.getByLabelText(/Name/);

    await user.type(field, 'payments-api');
    await screen.findByText('already in the catalogue', { exact: false });
    await user.type(field, '-v2');

    expect(
      await screen.findByText('is available', { exact: false }),
    ).toBeInTheDocument();
    expect(hint()).toHaveTextContent('payments-api-v2 is available');
    expect(
      getEntities.mock.calls.map(
        ([request]) => request.filter['metadata.name'],
      ),
    ).toEqual(['payments-api', 'payments-api-v2']);
  });

  it('says when the catalogue cannot be asked, without blocking', async () => {
    const getEntities = jest
      .fn()
      .mockRejectedValue(new Error('Failed to fetch'));
    const user = renderPicker(getEntities);

    await user.type(screen.getByLabelText(/Name/), 'ledger-service');

    expect(
      await screen.findByText(
        'Could not check the catalogue (Failed to fetch); the name is checked again when the template runs.',
      ),
    ).toBeInTheDocument();
  });
});
