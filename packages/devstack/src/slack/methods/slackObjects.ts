/**
 * Slack's JSON shapes for the stored workspace: conversation, user, usergroup and message objects
 * as the Web API returns them, so clients that read more than the ID keep working. The fields
 * follow the objects in Slack's published Web API spec (tests validate against it).
 */
import { createHash } from 'node:crypto';
import type {
  SlackChannel,
  SlackMessage,
  SlackTeam,
  SlackUser,
  SlackUsergroup,
} from '../SlackState';

export type Json = Record<string, unknown>;

/** A channel as `viewer` sees it (is_member); DMs have Slack's smaller IM shape. */
export function conversationObject(
  channel: SlackChannel,
  viewer: string,
  options: { withMemberCount?: boolean } = {},
): Json {
  if (channel.isIm) return imObject(channel);
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: false,
    is_general: channel.isGeneral,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    creator: channel.creator,
    is_member: channel.members.includes(viewer),
    topic: { value: '', creator: '', last_set: 0 },
    purpose: {
      value: channel.purpose,
      creator: channel.purpose ? channel.creator : '',
      last_set: channel.purpose ? channel.created : 0,
    },
    previous_names: [],
    ...(options.withMemberCount ? { num_members: channel.members.length } : {}),
  };
}

function imObject(channel: SlackChannel): Json {
  return {
    id: channel.id,
    created: channel.created,
    is_im: true,
    is_org_shared: false,
    user: channel.imUser,
    is_user_deleted: false,
    priority: 0,
  };
}

export function userObject(user: SlackUser, team: SlackTeam): Json {
  return {
    id: user.id,
    team_id: team.id,
    name: user.name,
    deleted: false,
    color: '9f69e7',
    real_name: user.realName,
    tz: 'Etc/UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    profile: profileObject(user, team),
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: Boolean(user.guest),
    is_ultra_restricted: user.guest === 'single',
    is_bot: user.isBot,
    is_app_user: false,
    updated: 1700000000,
  };
}

function profileObject(user: SlackUser, team: SlackTeam): Json {
  const [firstName, ...rest] = user.realName.split(' ');
  const common = {
    title: '',
    phone: '',
    skype: '',
    real_name: user.realName,
    real_name_normalized: normalize(user.realName),
    display_name: user.realName,
    display_name_normalized: normalize(user.realName),
    fields: {},
    status_text: '',
    status_emoji: '',
    status_expiration: 0,
    avatar_hash: `g${createHash('sha1')
      .update(user.id)
      .digest('hex')
      .slice(0, 11)}`,
    first_name: firstName,
    last_name: rest.join(' '),
    team: team.id,
  };
  if (user.isBot) {
    return {
      ...common,
      bot_id: user.botId,
      api_app_id: user.appId,
      always_active: true,
    };
  }
  return { ...common, email: user.email };
}

/** Slack's *_normalized fields: the name without accents ("Sofía" → "Sofia"). */
function normalize(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '');
}

export function usergroupObject(
  group: SlackUsergroup,
  team: SlackTeam,
  options: { includeUsers?: boolean; includeCount?: boolean } = {},
): Json {
  return {
    id: group.id,
    team_id: team.id,
    is_usergroup: true,
    is_subteam: true,
    name: group.name,
    description: group.description,
    handle: group.handle,
    is_external: false,
    date_create: group.created,
    date_update: group.updated,
    date_delete: 0,
    auto_type: null,
    auto_provision: false,
    enterprise_subteam_id: '',
    created_by: group.createdBy,
    updated_by: group.updatedBy,
    deleted_by: null,
    prefs: { channels: group.channels, groups: [] },
    ...(options.includeUsers ? { users: group.users } : {}),
    ...(options.includeCount ? { user_count: group.users.length } : {}),
  };
}

export function messageObject(message: SlackMessage, team: SlackTeam): Json {
  return {
    type: 'message',
    text: message.text,
    user: message.user,
    ...(message.botId ? { bot_id: message.botId } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    team: team.id,
    ts: message.ts,
  };
}
