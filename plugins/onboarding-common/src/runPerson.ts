/**
 * "The run's person is the signed-in user", as a permission condition. A policy builds it from
 * who signs in (their User entity's e-mail, their GitHub login); the onboarding backend
 * registers the rule of this name and applies it to the run with `isRunPerson`. Plain data here,
 * so the policy and the backend share one wording without a backend-only package.
 */
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { ONBOARDING_RUN_RESOURCE_TYPE } from './permissions';
import { Person } from './person';

export const IS_RUN_PERSON_RULE = 'IS_RUN_PERSON';

/** Who the caller is: the e-mails and GitHub logins that are theirs (any one matching is enough). */
export type RunPersonParams = { emails: string[]; logins: string[] };

export type OnboardingRunCondition = PermissionCondition<
  typeof ONBOARDING_RUN_RESOURCE_TYPE,
  RunPersonParams
>;

const lower = (values: string[]) =>
  values.filter(v => v.trim() !== '').map(v => v.toLocaleLowerCase('en-US'));

export const onboardingRunConditions = {
  /** The run is for the person with one of these e-mails or GitHub logins (case does not matter). */
  isRunPerson: (params: RunPersonParams): OnboardingRunCondition => ({
    rule: IS_RUN_PERSON_RULE,
    resourceType: ONBOARDING_RUN_RESOURCE_TYPE,
    params: { emails: lower(params.emails), logins: lower(params.logins) },
  }),
};

/** A conditional decision on an onboarding run, for the onboarding plugin to evaluate. */
export function createOnboardingRunConditionalDecision(
  permission: ResourcePermission<typeof ONBOARDING_RUN_RESOURCE_TYPE>,
  conditions: PermissionCriteria<OnboardingRunCondition>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'onboarding',
    resourceType: permission.resourceType,
    conditions,
  };
}

/**
 * The rule itself: the run's person has one of the e-mails, or one of the logins once that login
 * is verified. The GitHub login comes from the identity provider unchecked (a typo may name an
 * existing employee); it is verified when the access pull request granting it was merged, after a
 * review. A run without a person is nobody's.
 */
export function isRunPerson(
  person:
    | (Partial<Pick<Person, 'email' | 'githubLogin'>> & {
        loginVerified?: boolean;
      })
    | undefined,
  params: RunPersonParams,
): boolean {
  const email = person?.email?.toLocaleLowerCase('en-US');
  const login = person?.loginVerified
    ? person.githubLogin?.toLocaleLowerCase('en-US')
    : undefined;
  return Boolean(
    (email && lower(params.emails).includes(email)) ||
      (login && lower(params.logins).includes(login)),
  );
}
