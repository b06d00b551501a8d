import { Devstack, startDevstack } from '@runway/devstack';
import {
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

const stack = async () =>
  followupStack(await databases.init('SQLITE_3'), devstack);

describe('ApplyReminder', () => {
  it('reminds the requester of an unapplied pull request after 24 h, at most once a day, by Slack, notification and a PR comment mentioning them', async () => {
    const s = await stack();
    await s.store.record(newFollowup(), s.clock.now());

    s.clock.advanceHours(23);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(0);

    s.clock.advanceHours(2);
    await s.reminder.sweep();
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(1);
    expect(s.newDms()[0].text).toContain('has waited 25 h without an apply');
    expect(s.notifications.send).toHaveBeenCalledTimes(1);
    expect(s.notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'user:default/grace-liu' },
        payload: expect.objectContaining({
          title: 'ledger-api: the Terraform is still not applied',
        }),
      }),
    );
    expect([...s.pulls.comments.values()]).toEqual([
      {
        pullRequest: 7,
        body: expect.stringMatching(
          /^@graceliu this pull request has waited 25 h/,
        ),
      },
    ]);

    s.clock.advanceHours(12);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(1);

    s.clock.advanceHours(12);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(2);
    expect(s.pulls.comments.size).toBe(2);
  });

  it('says a merged-but-unapplied pull request needs an apply', async () => {
    const s = await stack();
    await s.store.record(newFollowup(), s.clock.now());
    await s.onEvent(mergedEvent());
    s.clock.advanceHours(25);
    await s.reminder.sweep();
    expect(s.newDms()[0].text).toContain('merged without an apply');
  });

  it('never reminds once the pull request is applied or closed', async () => {
    const s = await stack();
    await s.store.record(newFollowup(), s.clock.now());
    await s.store.record(
      newFollowup({
        pullRequestNumber: 8,
        service: 'other',
        entityRef: 'component:default/other',
      }),
      s.clock.now(),
    );
    await s.onEvent(atlantisCommentEvent({ number: 7 }));
    await s.onEvent(closedEvent({ number: 8 }));
    const told = s.newDms().length;
    s.clock.advanceHours(100);
    await s.reminder.sweep();
    expect(s.newDms()).toHaveLength(told);
    expect(s.pulls.comments.size).toBe(0);
  });
});
