import type { SlackChannel } from '../SlackState';
import { jsonArg, stringArg } from './args';
import { SlackApiError } from './SlackApiError';
import { messageObject } from './slackObjects';
import type { SlackCall, SlackMethodHandler } from './types';

/** Slack truncates nothing: longer text is refused. */
const MAX_TEXT_LENGTH = 40_000;

/**
 * chat.postMessage. The channel may be an ID, a name with or without '#', or a user ID (which
 * opens the bot's DM with that user). Public channels accept the bot's posts without joining,
 * as with the chat:write.public scope; private ones need the bot as a member.
 */
export const chatPostMessage: SlackMethodHandler = call => {
  const { args, state, caller } = call;
  const channel = resolveChannel(call);
  const blocks = jsonList(call, 'blocks', 'invalid_blocks_format');
  const attachments = jsonList(call, 'attachments', 'invalid_attachments');
  const text = stringArg(args, 'text') ?? '';
  if (!text && !blocks?.length && !attachments?.length) {
    throw new SlackApiError('no_text');
  }
  if (text.length > MAX_TEXT_LENGTH) throw new SlackApiError('msg_too_long');
  if (blocks?.some(b => typeof (b as { type?: unknown })?.type !== 'string')) {
    throw new SlackApiError('invalid_blocks');
  }
  const message = state.postMessage({
    channel: channel.id,
    user: caller.id,
    botId: caller.botId,
    text,
    ...(blocks ? { blocks } : {}),
    ...(attachments ? { attachments } : {}),
    ...(stringArg(args, 'thread_ts')
      ? { threadTs: stringArg(args, 'thread_ts') }
      : {}),
  });
  return {
    channel: channel.id,
    ts: message.ts,
    message: messageObject(message, state.team),
  };
};

function resolveChannel({ args, state, caller }: SlackCall): SlackChannel {
  const target = stringArg(args, 'channel');
  if (!target) throw new SlackApiError('channel_not_found');
  if (/^[UW]/.test(target) && state.user(target)) return state.openIm(target);
  const channel = state.channel(target);
  if (!channel) throw new SlackApiError('channel_not_found');
  if (channel.isPrivate && !channel.members.includes(caller.id)) {
    throw new SlackApiError('not_in_channel');
  }
  return channel;
}

/** blocks and attachments must be JSON arrays; anything else gets Slack's error code. */
function jsonList(
  { args }: SlackCall,
  name: string,
  errorCode: string,
): unknown[] | undefined {
  const value = jsonArg(args, name, errorCode);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SlackApiError(errorCode);
  return value;
}
