import fs from 'node:fs';
import path from 'node:path';
import {
  SERVICE_NAME_MAX_LENGTH,
  SERVICE_NAME_PATTERN,
  serviceNameProblem,
} from './serviceName';

describe('serviceNameProblem', () => {
  it.each([
    'payments-api',
    'payments-ledger',
    'a',
    'ledger2',
    'a-b-c-9',
    'a--b',
    'a'.repeat(SERVICE_NAME_MAX_LENGTH),
  ])('accepts %j', name => {
    expect(serviceNameProblem(name)).toBeUndefined();
  });

  it.each([
    [
      '',
      'Nothing entered. Use lower-case letters, digits and dashes, starting with a letter, at most 40 characters.',
    ],
    [
      'Payments',
      'Capital letters are not allowed. Use lower-case letters, digits and dashes. Try "payments".',
    ],
    [
      'Payments API',
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
    ],
    [
      'payments api',
      'Spaces are not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
    ],
    [
      'pay\tments\nledger',
      'Spaces are not allowed. Use lower-case letters, digits and dashes. Try "pay-ments-ledger".',
    ],
    [
      'payments_api',
      '"_" is not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
    ],
    [
      'payments_api.v2',
      '"_" and "." are not allowed. Use lower-case letters, digits and dashes. Try "payments-api-v2".',
    ],
    [
      'Ledger Service!',
      'Capital letters, spaces and "!" are not allowed. Use lower-case letters, digits and dashes. Try "ledger-service".',
    ],
    [
      'Café',
      'Capital letters and "é" are not allowed. Use lower-case letters, digits and dashes. Try "cafe".',
    ],
    [
      'ÄPI',
      'Capital letters are not allowed. Use lower-case letters, digits and dashes. Try "api".',
    ],
    ['2fa-service', 'Must start with a letter, not "2". Try "fa-service".'],
    ['-payments', 'Must start with a letter, not "-". Try "payments".'],
    ['123', 'Must start with a letter, not "1".'],
    ['payments-', 'Must not end with a dash. Try "payments".'],
    [
      'a'.repeat(45),
      'Too long at 45 characters; shorten it by 5 to at most 40.',
    ],
    [
      'a'.repeat(41),
      'Too long at 41 characters; shorten it by 1 to at most 40.',
    ],
  ])('refuses %j: %s', (name, message) => {
    expect(serviceNameProblem(name)).toBe(message);
  });

  // What reaches runway:service:prepare from a hand-written task, not only from the form.
  it.each([
    [
      'x"}\nmodule "evil" {',
      'Spaces, "\\"", "}" and "{" are not allowed. Use lower-case letters, digits and dashes. Try "x-module-evil".',
    ],
    [
      'x${var.secret}',
      '"$", "{", "." and "}" are not allowed. Use lower-case letters, digits and dashes. Try "x-var-secret".',
    ],
    [
      '../etc',
      '"." and "/" are not allowed. Use lower-case letters, digits and dashes. Try "etc".',
    ],
    [
      'a\u0000b',
      '"\\u0000" is not allowed. Use lower-case letters, digits and dashes. Try "a-b".',
    ],
    [
      '!@#$%^&*()',
      '"!", "@", "#", "$", "%" and 5 other characters are not allowed. Use lower-case letters, digits and dashes.',
    ],
  ])('refuses the hostile %j, quoting what it holds', (name, message) => {
    expect(serviceNameProblem(name)).toBe(message);
  });

  it.each([undefined, null])('calls %p nothing entered', name => {
    expect(serviceNameProblem(name)).toMatch(/^Nothing entered\. /);
  });

  it.each([
    [42, 'number'],
    [{}, 'object'],
    [['a'], 'a list'],
  ])('refuses %p, which is not text', (name, what) => {
    expect(serviceNameProblem(name)).toBe(
      `Expected text, got ${what}. Use lower-case letters, digits and dashes, starting with a letter, at most 40 characters.`,
    );
  });

  it('does not suggest a name it would have to cut', () => {
    expect(serviceNameProblem(`Payments ${'a'.repeat(40)}`)).toBe(
      'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes.',
    );
  });

  it.each([
    'Payments API',
    'Ledger Service!',
    '2FA Service',
    '--x--',
    `${'x'.repeat(39)}!`,
    'ÄPI',
    '__init__',
  ])('only suggests names that are themselves well formed: %j', name => {
    const message = serviceNameProblem(name)!;
    const suggested = /Try "([^"]+)"\.$/.exec(message)![1];
    expect(serviceNameProblem(suggested)).toBeUndefined();
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
    '',
  ])('agrees with the pattern and the maximum length on %j', name => {
    const valid =
      SERVICE_NAME_PATTERN.test(name) && name.length <= SERVICE_NAME_MAX_LENGTH;
    expect(serviceNameProblem(name) === undefined).toBe(valid);
  });

  it("is the new-service template's own pattern and maxLength", () => {
    const template = fs.readFileSync(
      path.resolve(__dirname, '../../../templates/new-service/template.yaml'),
      'utf8',
    );
    // The `name` parameter: from its key to the ui:field that makes it the picker.
    const nameParameter =
      /\n {8}name:\n[\s\S]*?ui:field: ServiceNamePicker/.exec(template)![0];
    expect(nameParameter).toContain(
      `pattern: '${SERVICE_NAME_PATTERN.source}'`,
    );
    expect(nameParameter).toContain(`maxLength: ${SERVICE_NAME_MAX_LENGTH}`);
  });
});
