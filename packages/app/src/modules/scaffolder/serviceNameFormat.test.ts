import fs from 'node:fs';
import path from 'node:path';
import {
  SERVICE_NAME_MAX_LENGTH,
  SERVICE_NAME_PATTERN,
  serviceNameFormatError,
} from './serviceNameFormat';

describe('serviceNameFormatError', () => {
  it.each([
    ['payments-api'],
    ['a'],
    ['ledger2'],
    ['a-b-c-9'],
    ['a'.repeat(SERVICE_NAME_MAX_LENGTH)],
  ])('accepts %j', name => {
    expect(serviceNameFormatError(name)).toBeUndefined();
  });

  it.each([
    [
      '',
      'Enter a name: lower-case letters, digits and dashes, starting with a letter.',
    ],
    [
      'Payments',
      'Not allowed in a name: capital letters. Use lower-case letters, digits and dashes. Try "payments".',
    ],
    [
      'Payments API',
      'Not allowed in a name: capital letters and spaces. Use lower-case letters, digits and dashes. Try "payments-api".',
    ],
    [
      'payments api',
      'Not allowed in a name: spaces. Use lower-case letters, digits and dashes. Try "payments-api".',
    ],
    [
      'payments_api.v2',
      'Not allowed in a name: "_" and ".". Use lower-case letters, digits and dashes. Try "payments-api-v2".',
    ],
    [
      '2fa-service',
      'The name must start with a letter, not "2". Try "fa-service".',
    ],
    [
      '-payments',
      'The name must start with a letter, not "-". Try "payments".',
    ],
    ['123', 'The name must start with a letter, not "1".'],
    ['payments-', 'The name must not end with a dash. Try "payments".'],
    [
      'a'.repeat(45),
      'The name is 45 characters long, more than 40: shorten it by 5.',
    ],
  ])('rejects %j: %s', (name, message) => {
    expect(serviceNameFormatError(name)).toBe(message);
  });

  it.each([
    'Payments API',
    'ledger_service',
    '9lives',
    'a-',
    'ÄPI',
    'x'.repeat(41),
    'a--b',
    'ok-name',
  ])('agrees with the template pattern and maxLength on %j', name => {
    const matchesTemplate =
      SERVICE_NAME_PATTERN.test(name) && name.length <= SERVICE_NAME_MAX_LENGTH;
    expect(serviceNameFormatError(name) === undefined).toBe(matchesTemplate);
  });

  it("uses the new-service template's own pattern and maxLength", () => {
    const template = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../../templates/new-service/template.yaml',
      ),
      'utf8',
    );
    // The `name` parameter: from its key to the ui:field that makes it this picker.
    const nameParameter =
      /\n {8}name:\n[\s\S]*?ui:field: ServiceNamePicker/.exec(template)![0];
    expect(nameParameter).toContain(
      `pattern: '${SERVICE_NAME_PATTERN.source}'`,
    );
    expect(nameParameter).toContain(`maxLength: ${SERVICE_NAME_MAX_LENGTH}`);
  });

  it('only suggests names that are themselves well formed', () => {
    const message = serviceNameFormatError('Ledger Service!')!;
    const suggested = /Try "([^"]+)"/.exec(message)![1];
    expect(suggested).toBe('ledger-service');
    expect(serviceNameFormatError(suggested)).toBeUndefined();
  });
});
