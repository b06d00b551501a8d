import { repositoryOwners, runsOf, teamRef } from './mappers';

const component = (slug: string, owner: string) => ({
  metadata: { annotations: { 'github.com/project-slug': slug } },
  spec: { owner },
});

describe('mappers', () => {
  it('names teams as Group refs, however a form wrote them', () => {
    expect(teamRef('payments')).toBe('group:default/payments');
    expect(teamRef('Group:Default/Payments')).toBe('group:default/payments');
    expect(teamRef('')).toBeUndefined();
    expect(teamRef(42)).toBeUndefined();
  });

  it('reads a task’s end from its last heartbeat, only once it has ended', () => {
    const task = (status: string) => ({
      id: status,
      status,
      createdBy: 'user:default/Ada',
      createdAt: '2026-11-02T10:00:00Z',
      lastHeartbeatAt: '2026-11-02T10:08:00Z',
      spec: {
        templateInfo: { entityRef: 'template:default/New-Service' },
        parameters: { owner: 'payments' },
      },
    });
    expect(runsOf([task('completed'), task('processing')])).toEqual([
      {
        taskId: 'completed',
        template: 'template:default/new-service',
        team: 'group:default/payments',
        createdBy: 'user:default/ada',
        createdAt: '2026-11-02T10:00:00.000Z',
        finishedAt: '2026-11-02T10:08:00.000Z',
        status: 'completed',
      },
      expect.objectContaining({ taskId: 'processing', finishedAt: undefined }),
    ]);
    // A task without a template (an ad-hoc dry run) is no golden-path run.
    expect(
      runsOf([{ id: 'x', createdAt: '2026-11-02T10:00:00Z', spec: {} }]),
    ).toEqual([]);
  });

  it('believes no team for a repository two teams’ Components claim', () => {
    const owners = repositoryOwners([
      component('acme/checkout', 'payments'),
      component('acme/checkout', 'group:default/payments'),
      component('Acme/Search', 'search'),
      component('acme/search', 'mallory'),
      component('acme/search', 'search'),
    ]);
    expect([...owners]).toEqual([['acme/checkout', 'group:default/payments']]);
  });
});
