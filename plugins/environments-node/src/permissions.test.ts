import { environmentPermissionRules } from './permissions';

const { isEnvironmentOwner, isEnvironmentType } = environmentPermissionRules;

const feature = {
  name: 'pr-1',
  type: 'feature' as const,
  ownerTeam: 'group:default/payments',
};
const sandbox = {
  name: 'sandbox-ada',
  type: 'sandbox' as const,
  ownerTeam: 'group:default/payments',
  ownerUser: 'user:default/ada',
};
const claimsOf = (...claims: string[]) => ({ claims });

describe('environment permission rules', () => {
  it('IS_ENVIRONMENT_OWNER: the owner team, whatever the case of the refs', () => {
    expect(
      isEnvironmentOwner.apply(
        feature,
        claimsOf('user:default/jane', 'Group:default/Payments'),
      ),
    ).toBe(true);
    expect(
      isEnvironmentOwner.apply(feature, claimsOf('group:default/storefront')),
    ).toBe(false);
  });

  it('IS_ENVIRONMENT_OWNER: a sandbox is its engineer’s alone, not their team’s', () => {
    expect(
      isEnvironmentOwner.apply(
        sandbox,
        claimsOf('user:default/ada', 'group:default/payments'),
      ),
    ).toBe(true);
    expect(
      isEnvironmentOwner.apply(
        sandbox,
        claimsOf('user:default/jane', 'group:default/payments'),
      ),
    ).toBe(false);
  });

  it('IS_ENVIRONMENT_TYPE: environments of the given types', () => {
    expect(isEnvironmentType.apply(sandbox, { types: ['sandbox'] })).toBe(true);
    expect(isEnvironmentType.apply(feature, { types: ['sandbox'] })).toBe(
      false,
    );
  });
});
