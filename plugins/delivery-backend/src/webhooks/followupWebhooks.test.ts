import { Devstack, startDevstack } from '@runway/devstack';
import {
  HEAD_SHA,
  addHours,
  applyStatusEvent,
  atlantisCommentEvent,
  closedEvent,
  mergedEvent,
  newFollowup,
} from '../__testUtils__/fixtures';
import { testDatabases } from '../__testUtils__/databases';
import { followupStack } from '../__testUtils__/followupStack';

jest.setTimeout(60_000);

const databases = testDatabases();
let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack?.stop());

async function stack() {
  const s = await followupStack(await databases.init('SQLITE_3'), devstack);
  const { followup } = await s.store.record(newFollowup(), s.clock.now());
  return {
    ...s,
    followup,
    state: async () => (await s.store.get(followup.id))!.state,
  };
}

describe('GitHub webhooks on a follow-up', () => {
  it('tells the requester once when the apply status comes before the merge, with links', async () => {
    const s = await stack();
    await s.store.setHeadSha(s.followup.id, HEAD_SHA);

    await s.onEvent(applyStatusEvent());
    expect(await s.state()).toBe('applied');
    await s.onEvent(mergedEvent());
    expect(await s.state()).toBe('applied');
    await s.onEvent(atlantisCommentEvent());
    expect(await s.state()).toBe('applied');

    expect(s.notifications.send).toHaveBeenCalledTimes(1);
    expect(s.notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'user:default/grace-liu' },
      payload: expect.objectContaining({
        title: 'ledger-api is provisioned',
        link: '/catalog/default/component/ledger-api',
        description: expect.stringContaining(
          'Docs: https://runway.acme.example/docs/default/component/ledger-api',
        ),
      }),
    });
    const dms = s.newDms();
    expect(dms).toHaveLength(1);
    expect(dms[0].text).toContain('ledger-api is provisioned');
    expect(dms[0].text).toContain(
      '<https://github.com/acme/platform-config/pull/7|pull request #7>',
    );
    expect(dms[0].text).toContain(
      '<https://github.com/acme/ledger-api|Repository>',
    );
    expect(s.refreshEntity).toHaveBeenCalledTimes(1);
    expect(s.refreshEntity).toHaveBeenCalledWith(
      'component:default/ledger-api',
      expect.anything(),
    );
    const followup = await s.store.get(s.followup.id);
    expect(followup?.mergedAt).toBeDefined();
  });

  it('waits in merged when the merge comes first, and tells once when the apply follows', async () => {
    const s = await stack();
    await s.onEvent(mergedEvent());
    expect(await s.state()).toBe('merged');
    expect(s.notifications.send).not.toHaveBeenCalled();

    // The merge's webhook named the head commit; the status names only that commit.
    await s.onEvent(applyStatusEvent());
    expect(await s.state()).toBe('applied');
    await s.onEvent(mergedEvent());
    expect(await s.state()).toBe('applied');
    expect(s.notifications.send).toHaveBeenCalledTimes(1);
    expect(s.newDms()).toHaveLength(1);
  });

  it('does nothing for a redelivered webhook (same delivery id), and still one message for several signals', async () => {
    const s = await stack();
    const comment = atlantisCommentEvent({ deliveryId: 'redelivered' });
    await s.onEvent(comment);
    await s.onEvent(comment);
    await s.onEvent(atlantisCommentEvent());
    expect(await s.state()).toBe('applied');
    expect(s.notifications.send).toHaveBeenCalledTimes(1);
    expect(s.newDms()).toHaveLength(1);
    const events = await s.store.events(s.followup.id);
    expect(events.filter(e => e.deliveryId === 'redelivered')).toHaveLength(1);
    expect(events.filter(e => e.type === 'notified')).toHaveLength(1);
  });

  it('records a failed apply, tells the requester what to do, and still moves on when a re-apply succeeds', async () => {
    const s = await stack();
    await s.onEvent(
      applyStatusEvent({
        state: 'failure',
        branches: ['runway/new-service-ledger-api'],
      }),
    );
    expect(await s.state()).toBe('apply-failed');
    expect((await s.store.get(s.followup.id))?.applyFailure).toBe(
      'Apply failed for 1 project — https://atlantis.acme.example/jobs/1',
    );
    expect(s.notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'The Terraform of ledger-api could not be applied',
          description: expect.stringContaining(
            'comment `atlantis apply` again',
          ),
          severity: 'high',
        }),
      }),
    );
    expect(s.newDms()[0].text).toContain('Atlantis could not apply');

    await s.onEvent(atlantisCommentEvent());
    expect(await s.state()).toBe('applied');
    expect(s.notifications.send).toHaveBeenCalledTimes(2);
  });

  it('asks GitHub which pull request holds a commit no follow-up has seen', async () => {
    const s = await stack();
    const sha = 'e'.repeat(40);
    s.pulls.pullsByCommit.set(sha, [7]);
    await s.onEvent(applyStatusEvent({ sha }));
    expect(await s.state()).toBe('applied');
  });

  it('ignores other repositories, other status contexts, pending statuses and plain comments', async () => {
    const s = await stack();
    const other = mergedEvent();
    other.eventPayload.repository = {
      full_name: 'acme/ledger-api',
      owner: { login: 'acme' },
    };
    await s.onEvent(other);
    await s.onEvent(
      applyStatusEvent({
        context: 'atlantis/plan',
        branches: ['runway/new-service-ledger-api'],
      }),
    );
    await s.onEvent(
      applyStatusEvent({
        state: 'pending',
        branches: ['runway/new-service-ledger-api'],
      }),
    );
    await s.onEvent(
      atlantisCommentEvent({ body: 'Apply complete! (said a person)' }),
    );
    expect(await s.state()).toBe('pr-open');
    expect(s.notifications.send).not.toHaveBeenCalled();
  });

  it('closes a pull request closed without merge, and a late apply then changes nothing', async () => {
    const s = await stack();
    await s.onEvent(closedEvent());
    expect(await s.state()).toBe('closed');
    await s.onEvent(atlantisCommentEvent());
    expect(await s.state()).toBe('closed');
    expect(s.notifications.send).not.toHaveBeenCalled();
  });

  it('tries the "applied" message again on the next sweep when every channel failed', async () => {
    const s = await stack();
    s.notifications.send.mockRejectedValueOnce(new Error('notifications down'));
    devstack.injectFault({
      target: 'users.lookupByEmail',
      status: 500,
      times: 1,
    });
    await s.onEvent(atlantisCommentEvent());
    expect(await s.state()).toBe('applied');
    expect(s.newDms()).toHaveLength(0);

    s.clock.advanceHours(1);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(1);
    expect(s.notifications.send).toHaveBeenCalledTimes(2);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(1);
    expect((await s.store.get(s.followup.id))?.notifiedAt).toEqual(
      addHours(new Date('2026-12-01T09:00:00Z'), 1),
    );
  });
});
