import { serviceNameProblem } from './serviceName';

it.each(['payments-ledger', 'a', 'a'.repeat(40), 'ledger2'])(
  '%j is a valid service name',
  name => {
    expect(serviceNameProblem(name)).toBeUndefined();
  },
);

it.each([
  ['', /is empty/],
  ['a'.repeat(41), /41 characters; shorten it to at most 40/],
  ['Payments', /capital letters/],
  ['payments ledger', /spaces/],
  ['pay"ments', /lower-case letters, digits and dashes/],
  ['pay${x}', /lower-case letters, digits and dashes/],
  ['../etc', /lower-case letters, digits and dashes/],
  ['pay\nments', /spaces/],
  ['1payments', /start with a letter/],
  ['-payments', /start with a letter/],
  ['payments-', /end with a dash/],
])('%j is refused: %s', (name, expected) => {
  expect(serviceNameProblem(name)).toMatch(expected);
});
