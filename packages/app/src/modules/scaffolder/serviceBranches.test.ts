import {
  ServiceBranches,
  serviceRowOf,
  servicesProblems,
} from './serviceBranches';

const ledger: ServiceBranches = {
  repository: 'acme/ledger',
  defaultBranch: 'main',
  branches: ['main', 'feature/refunds'],
};
const branchesOf = async (ref: string) =>
  ref === 'component:default/ledger' ? ledger : undefined;

describe('the environment form’s services rules', () => {
  it('finds the row a branch field belongs to', () => {
    expect(serviceRowOf('root_services_0_branch')).toBe(0);
    expect(serviceRowOf('root_services_12_branch')).toBe(12);
    expect(serviceRowOf('root_name')).toBeUndefined();
  });

  it('accepts each service once, on a branch its repository has', async () => {
    expect(
      await servicesProblems(
        [
          { entityRef: 'component:default/ledger', branch: 'feature/refunds' },
          { entityRef: 'component:default/cart', branch: 'anything' },
        ],
        branchesOf,
      ),
    ).toEqual([]);
  });

  it('refuses a service listed twice, however its ref is cased, as environment:create does', async () => {
    expect(
      await servicesProblems(
        [
          { entityRef: 'component:default/ledger', branch: 'main' },
          { entityRef: 'Component:default/Ledger', branch: 'feature/refunds' },
        ],
        branchesOf,
      ),
    ).toEqual([
      'Service 2: Component:default/Ledger is listed twice; an environment runs each service once, from one branch.',
    ]);
  });

  it('refuses a branch the repository does not have, naming its default', async () => {
    expect(
      await servicesProblems(
        [{ entityRef: 'component:default/ledger', branch: 'feature/refundz' }],
        branchesOf,
      ),
    ).toEqual([
      'Service 1: acme/ledger has no branch "feature/refundz"; pick one of its branches (main is its default).',
    ]);
  });

  it('leaves the branch to the action when the list may be partial or unknown', async () => {
    const many = {
      ...ledger,
      branches: Array.from({ length: 100 }, (_, i) => `b${i}`),
    };
    expect(
      await servicesProblems(
        [{ entityRef: 'component:default/ledger', branch: 'b150' }],
        async () => many,
      ),
    ).toEqual([]);
    expect(
      await servicesProblems(
        [{ entityRef: 'component:default/unknown', branch: 'x' }],
        branchesOf,
      ),
    ).toEqual([]);
  });
});
