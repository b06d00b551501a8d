import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createOnboardingRunConditionalDecision,
  isRunPerson,
  onboardingRunConditions,
} from './runPerson';
import { newHirePageReadPermission } from './permissions';

const ada = {
  email: 'Ada@acme.example',
  githubLogin: 'Ada-L',
  loginVerified: true,
};

describe('isRunPerson', () => {
  it('matches the person by e-mail or by GitHub login, whatever the case', () => {
    expect(isRunPerson(ada, { emails: ['ada@ACME.example'], logins: [] })).toBe(
      true,
    );
    expect(isRunPerson(ada, { emails: [], logins: ['ada-l'] })).toBe(true);
    expect(
      isRunPerson(ada, {
        emails: ['grace@acme.example'],
        logins: ['grace-l'],
      }),
    ).toBe(false);
  });

  it('matches the GitHub login only once it is verified (the access pull request merged)', () => {
    // Before: the identity provider's login may be a typo naming someone else.
    expect(
      isRunPerson(
        { ...ada, loginVerified: false },
        { emails: [], logins: ['ada-l'] },
      ),
    ).toBe(false);
    expect(
      isRunPerson(
        { ...ada, loginVerified: false },
        { emails: ['ada@acme.example'], logins: [] },
      ),
    ).toBe(true);
  });

  it('matches nobody to a run without a person, and no empty value to anything', () => {
    expect(isRunPerson(undefined, { emails: [''], logins: [''] })).toBe(false);
    expect(
      isRunPerson(
        { email: '', githubLogin: '' },
        { emails: [''], logins: [''] },
      ),
    ).toBe(false);
  });
});

describe('the conditional decision', () => {
  it('names the onboarding plugin, the resource type and the rule with lower-case params', () => {
    expect(
      createOnboardingRunConditionalDecision(
        newHirePageReadPermission,
        onboardingRunConditions.isRunPerson({
          emails: ['Ada@acme.example', ' '],
          logins: ['Ada-L'],
        }),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'onboarding',
      resourceType: 'onboarding-run',
      conditions: {
        rule: 'IS_RUN_PERSON',
        resourceType: 'onboarding-run',
        params: { emails: ['ada@acme.example'], logins: ['ada-l'] },
      },
    });
  });
});
