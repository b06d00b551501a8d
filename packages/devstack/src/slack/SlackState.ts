/**
 * The in-memory Slack workspace behind the Slack stand-in, seeded from the demo org: one Slack
 * user per person, a bot user for Runway, a public channel per team plus #general, and a
 * usergroup per team. It only stores; Slack's rules and error codes live in ./methods.
 */
import type { Org } from '../seed/loadOrg';
import { slackId, TsClock } from './slackIds';

export interface SlackTeam {
  id: string;
  /** Workspace name shown in Slack, e.g. "Acme". */
  name: string;
  /** Subdomain, e.g. "acme" for acme.slack.com. */
  domain: string;
}

export interface SlackUser {
  id: string;
  /** Slack handle; the person's GitHub login, or "runway" for the bot. */
  name: string;
  realName: string;
  email?: string;
  isBot: boolean;
  /** A guest account: single-channel (`single`, Slack's ultra-restricted) or multi-channel. */
  guest?: 'single' | 'multi';
  /** Set for the bot user only: its B… and A… IDs. */
  botId?: string;
  appId?: string;
}

export interface SlackChannel {
  id: string;
  /** Name without '#'; for a DM, the other user's ID. */
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isGeneral: boolean;
  created: number;
  creator: string;
  purpose: string;
  members: string[];
  /** For a DM: the user the bot talks to. */
  imUser?: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  /** Who posted it (the bot's user ID for Runway). */
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  /** Legacy secondary attachments, kept as sent. */
  attachments?: unknown[];
  threadTs?: string;
}

export interface SlackUsergroup {
  id: string;
  /** What people type after '@': the team name. */
  handle: string;
  name: string;
  description: string;
  users: string[];
  /** Default channels of the group (its team channel). */
  channels: string[];
  created: number;
  updated: number;
  createdBy: string;
  updatedBy: string;
}

type ChannelRecord = Omit<SlackChannel, 'members'> & { members: Set<string> };

export class SlackState {
  readonly team: SlackTeam;
  readonly bot: SlackUser;
  private readonly clock = new TsClock();
  private readonly userList: SlackUser[] = [];
  private readonly channelList: ChannelRecord[] = [];
  private readonly groups: SlackUsergroup[] = [];
  private readonly messages = new Map<string, SlackMessage[]>();

  constructor(org: Org) {
    const domain = org.name.toLowerCase();
    this.team = {
      id: slackId('T', domain),
      name: domain.charAt(0).toUpperCase() + domain.slice(1),
      domain,
    };
    this.bot = {
      id: slackId('U', `bot:runway`),
      name: 'runway',
      realName: 'Runway',
      isBot: true,
      botId: slackId('B', 'runway'),
      appId: slackId('A', 'runway'),
    };
    this.seed(org);
  }

  users(): SlackUser[] {
    return this.userList.map(u => ({ ...u }));
  }

  user(id: string): SlackUser | undefined {
    return this.userList.find(u => u.id === id);
  }

  /**
   * A person who joined the workspace after seeding, as SCIM provisioning or an accepted
   * invitation would add them: in #general, in no other channel or usergroup.
   */
  addUser(options: {
    name: string;
    realName: string;
    email?: string;
    guest?: 'single' | 'multi';
  }): SlackUser {
    if (options.email && this.userByEmail(options.email)) {
      throw new Error(`A Slack user already has the e-mail ${options.email}`);
    }
    const id = slackId('U', `added:${options.name}`);
    if (this.user(id)) throw new Error(`Slack user ${options.name} exists`);
    const user: SlackUser = {
      id,
      name: options.name,
      realName: options.realName,
      email: options.email,
      isBot: false,
      ...(options.guest && { guest: options.guest }),
    };
    this.userList.push(user);
    this.channelList.find(c => c.isGeneral)?.members.add(id);
    return { ...user };
  }

  /** Case-insensitive, as Slack matches e-mail addresses. */
  userByEmail(email: string): SlackUser | undefined {
    const wanted = email.trim().toLowerCase();
    return this.userList.find(u => u.email?.toLowerCase() === wanted);
  }

  channels(): SlackChannel[] {
    return this.channelList.map(snapshot);
  }

  /** A channel by ID, or (not for DMs) by name with or without '#'. */
  channel(nameOrId: string): SlackChannel | undefined {
    const record = this.findChannel(nameOrId);
    return record && snapshot(record);
  }

  createChannel(options: {
    name: string;
    isPrivate?: boolean;
    members?: string[];
  }): SlackChannel {
    const name = options.name.replace(/^#/, '');
    if (this.findChannel(name)) {
      throw new Error(`Slack channel #${name} already exists`);
    }
    const members = options.members ?? [];
    const record: ChannelRecord = {
      id: slackId('C', name),
      name,
      isPrivate: options.isPrivate ?? false,
      isIm: false,
      isGeneral: false,
      created: this.clock.nowSeconds(),
      creator: members[0] ?? this.userList[0]?.id ?? this.bot.id,
      purpose: '',
      members: new Set(members),
    };
    this.channelList.push(record);
    return snapshot(record);
  }

  isMember(channelId: string, userId: string): boolean {
    return this.findChannel(channelId)?.members.has(userId) ?? false;
  }

  addMember(channelId: string, userId: string): void {
    this.requireChannel(channelId).members.add(userId);
  }

  removeMember(channelId: string, userId: string): void {
    this.requireChannel(channelId).members.delete(userId);
  }

  /** The bot's DM with a user, opened on first use as Slack does for chat.postMessage. */
  openIm(userId: string): SlackChannel {
    const existing = this.channelList.find(c => c.isIm && c.imUser === userId);
    if (existing) return snapshot(existing);
    const record: ChannelRecord = {
      id: slackId('D', userId),
      name: userId,
      isPrivate: true,
      isIm: true,
      isGeneral: false,
      created: this.clock.nowSeconds(),
      creator: this.bot.id,
      purpose: '',
      members: new Set([this.bot.id, userId]),
      imUser: userId,
    };
    this.channelList.push(record);
    return snapshot(record);
  }

  postMessage(message: Omit<SlackMessage, 'ts'>): SlackMessage {
    const channel = this.requireChannel(message.channel);
    const stored: SlackMessage = { ...message, ts: this.clock.next() };
    const list = this.messages.get(channel.id) ?? [];
    list.push(stored);
    this.messages.set(channel.id, list);
    return { ...stored };
  }

  /** Messages posted to a channel (by name or ID), oldest first. */
  messagesIn(nameOrId: string): SlackMessage[] {
    const channel = this.findChannel(nameOrId);
    if (!channel) return [];
    return (this.messages.get(channel.id) ?? []).map(m => ({ ...m }));
  }

  usergroups(): SlackUsergroup[] {
    return this.groups.map(g => ({
      ...g,
      users: [...g.users],
      channels: [...g.channels],
    }));
  }

  usergroup(id: string): SlackUsergroup | undefined {
    return this.usergroups().find(g => g.id === id);
  }

  /** A usergroup made after seeding (usergroups.create), e.g. a standup group. */
  createUsergroup(options: {
    handle: string;
    name?: string;
    users?: string[];
    channels?: string[];
  }): SlackUsergroup {
    const handle = options.handle.replace(/^@/, '');
    if (this.groups.some(g => g.handle === handle)) {
      throw new Error(`Slack usergroup @${handle} already exists`);
    }
    const created = this.clock.nowSeconds();
    const group: SlackUsergroup = {
      id: slackId('S', handle),
      handle,
      name: options.name ?? handle,
      description: '',
      users: [...new Set(options.users ?? [])],
      channels: (options.channels ?? []).map(c => this.requireChannel(c).id),
      created,
      updated: created,
      createdBy: this.bot.id,
      updatedBy: this.bot.id,
    };
    this.groups.push(group);
    return this.usergroup(group.id)!;
  }

  /** Replaces the whole member list, like usergroups.users.update. */
  setUsergroupUsers(
    id: string,
    users: string[],
    updatedBy: string,
  ): SlackUsergroup {
    const group = this.groups.find(g => g.id === id);
    if (!group) throw new Error(`No Slack usergroup ${id}`);
    group.users = [...new Set(users)];
    group.updated = this.clock.nowSeconds();
    group.updatedBy = updatedBy;
    return this.usergroup(id)!;
  }

  private findChannel(nameOrId: string): ChannelRecord | undefined {
    const name = nameOrId.replace(/^#/, '');
    return (
      this.channelList.find(c => c.id === nameOrId) ??
      this.channelList.find(c => !c.isIm && c.name === name)
    );
  }

  private requireChannel(nameOrId: string): ChannelRecord {
    const channel = this.findChannel(nameOrId);
    if (!channel) throw new Error(`No Slack channel ${nameOrId}`);
    return channel;
  }

  private seed(org: Org): void {
    const idByName = new Map<string, string>();
    for (const person of org.users) {
      const id = slackId('U', person.name);
      idByName.set(person.name, id);
      this.userList.push({
        id,
        name: person.login,
        realName: person.displayName,
        email: person.email,
        isBot: false,
      });
    }
    this.userList.push(this.bot);
    const everyone = [...idByName.values()];
    const general = this.createChannel({ name: 'general', members: everyone });
    this.describe(general.id, {
      isGeneral: true,
      purpose: `Company-wide announcements and work-based matters for ${this.team.name}.`,
    });
    for (const team of org.teams) {
      const members = team.members.flatMap(m => idByName.get(m) ?? []);
      this.seedTeam(team.name, team.displayName, team.slackChannel, members);
    }
  }

  private seedTeam(
    handle: string,
    displayName: string,
    channelName: string | undefined,
    members: string[],
  ): void {
    let channelId: string | undefined;
    if (channelName) {
      const existing = this.findChannel(channelName);
      channelId = existing?.id ?? this.createChannel({ name: channelName }).id;
      members.forEach(m => this.addMember(channelId!, m));
      if (!existing) this.describe(channelId, { purpose: displayName });
    }
    const created = this.clock.nowSeconds();
    this.groups.push({
      id: slackId('S', handle),
      handle,
      name: displayName,
      description: `Members of ${displayName}`,
      users: members,
      channels: channelId ? [channelId] : [],
      created,
      updated: created,
      createdBy: this.bot.id,
      updatedBy: this.bot.id,
    });
  }

  private describe(
    channelId: string,
    fields: Partial<Pick<ChannelRecord, 'isGeneral' | 'purpose'>>,
  ): void {
    Object.assign(this.requireChannel(channelId), fields);
  }
}

function snapshot(record: ChannelRecord): SlackChannel {
  return { ...record, members: [...record.members] };
}
