/**
 * The spec check guards every Slack router test, so it must be able to fail: these bodies are
 * each wrong in one way real Slack never is.
 */
import { slackSpecViolations } from './slackOpenApi';

const channel = {
  id: 'C0ABCDEFGH',
  name: 'general',
  is_channel: true,
  is_group: false,
  is_im: false,
  is_mpim: false,
  is_private: false,
  created: 1700000000,
  creator: 'U0ABCDEFGH',
  is_archived: false,
  is_general: true,
  name_normalized: 'general',
  is_shared: false,
  is_org_shared: false,
  topic: { value: '', creator: '', last_set: 0 },
  purpose: { value: '', creator: '', last_set: 0 },
};

describe('slackSpecViolations', () => {
  it('accepts a well-formed conversations.join answer', () => {
    expect(
      slackSpecViolations('conversations.join', { ok: true, channel }),
    ).toEqual([]);
  });

  it('checks nested conversation objects (a required field missing)', () => {
    const { is_mpim: _dropped, ...incomplete } = channel;
    expect(
      slackSpecViolations('conversations.join', {
        ok: true,
        channel: incomplete,
      }),
    ).not.toEqual([]);
  });

  it('rejects a chat.postMessage answer without ts', () => {
    const body = {
      ok: true,
      channel: 'C0ABCDEFGH',
      message: { type: 'message', text: 'hi', ts: '1700000000.000100' },
    };
    expect(slackSpecViolations('chat.postMessage', body)).not.toEqual([]);
    expect(
      slackSpecViolations('chat.postMessage', {
        ...body,
        ts: '1700000000.000100',
      }),
    ).toEqual([]);
  });

  it('rejects an error code the method does not have', () => {
    expect(
      slackSpecViolations('auth.test', {
        ok: false,
        error: 'channel_not_found',
      }),
    ).not.toEqual([]);
    expect(
      slackSpecViolations('auth.test', { ok: false, error: 'invalid_auth' }),
    ).toEqual([]);
  });

  it('says nothing about methods the spec does not describe', () => {
    expect(slackSpecViolations('chat.unicorn', { ok: true })).toBeUndefined();
  });
});
