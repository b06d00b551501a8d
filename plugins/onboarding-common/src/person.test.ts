import { personProblems } from './person';

const ada = {
  idpUserId: '00u1',
  name: 'Ada Lovelace',
  email: 'ada@acme.example',
  githubLogin: 'ada-l',
  team: 'payments',
  manager: 'grace@acme.example',
  startDate: '2027-01-04',
};

describe('personProblems', () => {
  it('finds nothing wrong with a complete person, with or without a buddy', () => {
    expect(personProblems(ada)).toEqual([]);
    expect(personProblems({ ...ada, buddy: 'linus@acme.example' })).toEqual([]);
    expect(personProblems({ ...ada, buddy: '' })).toEqual([]);
  });

  it('names every missing or malformed field with what to set', () => {
    expect(
      personProblems({
        idpUserId: '00u1',
        email: 'not-an-address',
        githubLogin: '-bad-',
        manager: 'grace',
        buddy: 'x',
        startDate: '2027-13-45',
      }),
    ).toEqual([
      'name: missing; set the person’s full name',
      'email: "not-an-address" is not an e-mail address; set the work e-mail',
      'githubLogin: "-bad-" is not a GitHub login (letters, digits and single hyphens, at most 39)',
      'team: missing; set the team they join',
      'manager: missing or not an e-mail; set the manager’s work e-mail',
      'buddy: "x" is not an e-mail; set the buddy’s work e-mail or leave it empty',
      'startDate: missing or not a date; set the first day as YYYY-MM-DD',
    ]);
  });
});
