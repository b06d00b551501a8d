import type { SlackChannel, SlackState } from '../SlackState';
import { boolArg, intArg, listArg, stringArg, type SlackArgs } from './args';
import { SlackApiError } from './SlackApiError';
import { conversationObject } from './slackObjects';
import type { SlackMethodHandler } from './types';

const CHANNEL_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * conversations.list with Slack's cursor pagination: the last page has an empty next_cursor.
 * Private channels and DMs are listed only when the caller is in them, as in Slack.
 */
export const conversationsList: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const types = listArg(args, 'types');
  if (types.some(t => !CHANNEL_TYPES.includes(t))) {
    throw new SlackApiError('invalid_types');
  }
  const limit = intArg(args, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw new SlackApiError('invalid_limit');
  const visible = state
    .channels()
    .filter(c => hasType(c, types.length ? types : ['public_channel']))
    .filter(c => !c.isPrivate || c.members.includes(caller.id));
  const start = cursorStart(visible, stringArg(args, 'cursor'));
  const next = visible[start + limit];
  return {
    channels: visible
      .slice(start, start + limit)
      .map(c => conversationObject(c, caller.id, { withMemberCount: !c.isIm })),
    response_metadata: { next_cursor: next ? encodeCursor(next.id) : '' },
  };
};

const encodeMemberCursor = (offset: number) =>
  Buffer.from(`members:${offset}`).toString('base64');
const decodeMemberCursor = (cursor: string) =>
  /^members:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];

/**
 * conversations.members: the member ids of one conversation, paged like conversations.list.
 * A private channel or DM is readable only by its members (channel_not_found otherwise, as Slack
 * hides it).
 */
export const conversationsMembers: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const channel = channelById(state, args);
  if (channel.isPrivate && !channel.members.includes(caller.id)) {
    throw new SlackApiError('channel_not_found');
  }
  const limit = intArg(args, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw new SlackApiError('invalid_limit');
  const cursor = stringArg(args, 'cursor');
  const start = cursor ? Number(decodeMemberCursor(cursor)) : 0;
  if (!Number.isInteger(start) || start < 0) {
    throw new SlackApiError('invalid_cursor');
  }
  const page = channel.members.slice(start, start + limit);
  const more = start + limit < channel.members.length;
  return {
    members: page,
    response_metadata: {
      next_cursor: more ? encodeMemberCursor(start + limit) : '',
    },
  };
};

/**
 * conversations.join. Joining twice is not an error in Slack: it answers ok with the warning
 * `already_in_channel`. Private channels and DMs cannot be joined, only invited to.
 */
export const conversationsJoin: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const channel = channelById(state, args);
  if (channel.isPrivate) {
    throw new SlackApiError('method_not_supported_for_channel_type');
  }
  if (channel.members.includes(caller.id)) {
    return {
      channel: conversationObject(channel, caller.id),
      warning: 'already_in_channel',
      response_metadata: { warnings: ['already_in_channel'] },
    };
  }
  state.addMember(channel.id, caller.id);
  return { channel: conversationObject(state.channel(channel.id)!, caller.id) };
};

/**
 * conversations.invite: the caller must be in the channel. Any user that cannot be invited fails
 * the whole call, with per-user `errors`, unless `force` lets the valid ones through.
 */
export const conversationsInvite: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const channel = channelById(state, args);
  if (channel.isIm) {
    throw new SlackApiError('method_not_supported_for_channel_type');
  }
  if (!channel.members.includes(caller.id)) {
    throw new SlackApiError('not_in_channel');
  }
  const users = listArg(args, 'users');
  if (!users.length) throw new SlackApiError('no_user');
  const failures = users.flatMap(user => {
    const error = inviteError(state, channel, caller.id, user);
    return error ? [{ user, ok: false, error }] : [];
  });
  const force = boolArg(args, 'force');
  if (failures.length && (!force || failures.length === users.length)) {
    throw new SlackApiError(failures[0].error, { errors: failures });
  }
  users
    .filter(user => !failures.some(f => f.user === user))
    .forEach(user => state.addMember(channel.id, user));
  return { channel: conversationObject(state.channel(channel.id)!, caller.id) };
};

/**
 * conversations.kick removes one person. As with invite, the caller must be in the channel.
 * Nobody can be removed from #general (only deactivating the account does that), and removing
 * someone who is not there is `not_in_channel`.
 */
export const conversationsKick: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const channel = channelById(state, args);
  if (channel.isIm) {
    throw new SlackApiError('method_not_supported_for_channel_type');
  }
  if (!channel.members.includes(caller.id)) {
    throw new SlackApiError('not_in_channel');
  }
  const user = stringArg(args, 'user');
  if (!user || !state.user(user)) throw new SlackApiError('user_not_found');
  if (user === caller.id) throw new SlackApiError('cant_kick_self');
  if (channel.isGeneral) throw new SlackApiError('cant_kick_from_general');
  if (!channel.members.includes(user)) {
    throw new SlackApiError('not_in_channel');
  }
  state.removeMember(channel.id, user);
  return {};
};

function inviteError(
  state: SlackState,
  channel: SlackChannel,
  callerId: string,
  user: string,
): string | undefined {
  if (user === callerId) return 'cant_invite_self';
  if (!state.user(user)) return 'user_not_found';
  if (channel.members.includes(user)) return 'already_in_channel';
  return undefined;
}

/** join, invite and kick take a conversation ID only; a name is channel_not_found, as in Slack. */
function channelById(state: SlackState, args: SlackArgs): SlackChannel {
  const id = stringArg(args, 'channel');
  const channel = id ? state.channel(id) : undefined;
  if (!channel || channel.id !== id) {
    throw new SlackApiError('channel_not_found');
  }
  return channel;
}

function hasType(channel: SlackChannel, types: string[]): boolean {
  if (channel.isIm) return types.includes('im');
  return types.includes(
    channel.isPrivate ? 'private_channel' : 'public_channel',
  );
}

/** Opaque to clients, like Slack's: base64 of the first channel of the next page. */
function encodeCursor(channelId: string): string {
  return Buffer.from(`channel:${channelId}`).toString('base64');
}

function cursorStart(channels: SlackChannel[], cursor?: string): number {
  if (!cursor) return 0;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const index = decoded.startsWith('channel:')
    ? channels.findIndex(c => c.id === decoded.slice('channel:'.length))
    : -1;
  if (index < 0) throw new SlackApiError('invalid_cursor');
  return index;
}
