import { serviceNameProblem } from './serviceName';

it.each([
  ['payments-ledger', undefined],
  ['a', undefined],
  ['a'.repeat(40), undefined],
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
])('%j → %s', (name, expected) => {
  const problem = serviceNameProblem(name);
  if (expected === undefined) expect(problem).toBeUndefined();
  else expect(problem).toMatch(expected);
});
