import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { serviceNamePickerValidation } from './serviceNamePickerValidation';

/** The errors the form would show after pressing Next with `name`. */
async function validate(name: string, getEntities: jest.Mock) {
  const catalogApi = catalogApiMock.mock({ getEntities });
  const validation = createFieldValidation();
  await serviceNamePickerValidation(name, validation, {
    apiHolder: {
      get: (ref: { id: string }) =>
        ref.id === catalogApiRef.id ? catalogApi : undefined,
    } as any,
    formData: { name },
    schema: {},
  });
  return validation.__errors ?? [];
}

describe('serviceNamePickerValidation', () => {
  it('rejects a malformed name with the format message, without asking the catalogue', async () => {
    const getEntities = jest.fn();
    expect(await validate('Payments API', getEntities)).toEqual([
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
    ]);
    expect(getEntities).not.toHaveBeenCalled();
  });

  it('rejects a name the catalogue already holds, naming the holder', async () => {
    const getEntities = jest.fn().mockResolvedValue({
      items: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { namespace: 'default', name: 'payments-api' },
          spec: { owner: 'group:payments' },
        },
      ],
    });
    expect(await validate('payments-api', getEntities)).toEqual([
      'payments-api is already in the catalogue (Component, owned by group:default/payments) — choose another name',
    ]);
  });

  it('accepts a free, well-formed name', async () => {
    const getEntities = jest.fn().mockResolvedValue({ items: [] });
    expect(await validate('ledger-service', getEntities)).toEqual([]);
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('lets the user on when the catalogue is down (the task checks again when it runs)', async () => {
    const getEntities = jest.fn().mockRejectedValue(new Error('503'));
    expect(await validate('ledger-service', getEntities)).toEqual([]);
  });
});
