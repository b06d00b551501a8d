import {
  START,
  applyStatusEvent,
  atlantisCommentEvent,
  mergedEvent,
} from '../__testUtils__/fixtures';
import { SignalSettings, signalOf } from './githubSignals';

const settings: SignalSettings = {
  platformConfigRepo: 'acme/platform-config',
  applyStatusContext: 'atlantis/apply',
};
const of = (event: { topic: string; eventPayload: object }, s = settings) =>
  signalOf(event.topic, event.eventPayload, s, START);

describe('signalOf', () => {
  it('reads a merge with its head commit, a status by commit and branches, and an Atlantis comment by pull request', () => {
    expect(of(mergedEvent())).toEqual({
      target: { pullRequest: 7 },
      happening: { kind: 'merged', at: START, headSha: 'a'.repeat(40) },
    });
    expect(
      of(applyStatusEvent({ branches: ['runway/new-service-x'] })),
    ).toEqual({
      target: { commit: 'a'.repeat(40), branches: ['runway/new-service-x'] },
      happening: {
        kind: 'applied',
        at: START,
        source: 'atlantis/apply status on aaaaaaaaaaaa',
      },
    });
    expect(of(atlantisCommentEvent())?.target).toEqual({ pullRequest: 7 });
  });

  it('reads an Atlantis error comment as a failed apply', () => {
    const signal = of(
      atlantisCommentEvent({
        body: 'Ran Apply for dir: `services/x` workspace: `default`\n\n**Apply Error**\n```\nError: quota exceeded\n```',
      }),
    );
    expect(signal && 'happening' in signal && signal.happening.kind).toBe(
      'apply-failed',
    );
  });

  it('counts only the configured Atlantis logins’ comments when they are set', () => {
    const comment = atlantisCommentEvent();
    (comment.eventPayload.comment as any).user = { login: 'Mallory' };
    expect(
      of(comment, { ...settings, atlantisLogins: ['atlantis-bot'] }),
    ).toBeUndefined();
    (comment.eventPayload.comment as any).user = { login: 'Atlantis-Bot' };
    expect(
      of(comment, { ...settings, atlantisLogins: ['atlantis-bot'] }),
    ).toBeDefined();
  });

  it('counts only the configured Atlantis logins’ apply statuses when they are set: anyone who may push can set a status', () => {
    const withLogins = { ...settings, atlantisLogins: ['atlantis-bot'] };
    const status = applyStatusEvent();
    (status.eventPayload as any).sender = { login: 'Mallory' };
    expect(of(status, withLogins)).toBeUndefined();
    const failure = applyStatusEvent({ state: 'failure' });
    (failure.eventPayload as any).sender = { login: 'mallory' };
    expect(of(failure, withLogins)).toBeUndefined();
    expect(of(applyStatusEvent(), withLogins)).toBeUndefined();
    (status.eventPayload as any).sender = { login: 'Atlantis-Bot' };
    expect(of(status, withLogins)).toBeDefined();
  });

  it('is nothing for another repository or a payload without the fields', () => {
    const other = mergedEvent();
    other.eventPayload.repository.full_name = 'acme/ledger-api';
    expect(of(other)).toBeUndefined();
    expect(
      signalOf(
        'github.status',
        { repository: { full_name: 'acme/platform-config' } },
        settings,
        START,
      ),
    ).toBeUndefined();
    expect(signalOf('github.push', undefined, settings, START)).toBeUndefined();
  });
});
