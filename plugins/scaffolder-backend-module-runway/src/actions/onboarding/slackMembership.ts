/**
 * `slack:member:add` and `slack:member:remove` — the Slack part of engineer onboarding and
 * offboarding (issue 14). A new hire is found by work e-mail and put into the team's channels and
 * usergroups (e.g. `@payments-standup`) so they get the right mentions from day one; offboarding
 * reverses it. Slack accounts themselves come from SCIM / the person accepting the invitation:
 * these actions never create or deactivate anyone.
 *
 * Everything is looked up before anything is written, so a typo in a channel or usergroup fails
 * the step with nothing changed. Every write is idempotent (already a member / already gone
 * counts as done, usergroups are updated with the union or difference of their current members),
 * so a retried step converges; the writes also sit in checkpoints so a replayed task skips them.
 * A dry run only looks things up. Rate limits and server errors are retried by the client.
 *
 * Slack refuses an empty usergroup (`usergroups.users.update` needs at least one user), so when
 * removing someone would leave a group empty, `slack:member:remove` fails before changing
 * anything and says so: disabling a team's group is a decision for a person, not a side effect.
 */
import { InputError } from '@backstage/errors';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { SlackSettings, createSlackClient } from '@runway/platform-node';
import { ErrorCode, WebAPIPlatformError, WebClient } from '@slack/web-api';
import { addExamples, removeExamples } from './slackMembership.examples';

export interface SlackMembershipOptions {
  /** Undefined when `runway.slack` is not configured; the actions then fail. */
  slack?: SlackSettings;
  /** Bounded retries for 429 and 5xx (Retry-After is honoured by the client). */
  retries?: number;
}

/** A channel the step names, as the bot sees it in conversations.list. */
interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  isGeneral: boolean;
  /** Whether the Runway bot is in it; invite and kick need that. */
  botIsMember: boolean;
}

interface Usergroup {
  id: string;
  handle: string;
}

/** Slack error codes that mean the step or the workspace needs fixing, not that Slack is down. */
const INPUT_ERRORS = new Set([
  'is_archived',
  'cant_invite',
  'restricted_action',
  'user_is_restricted',
  'user_is_ultra_restricted',
  'ura_max_channels',
  'method_not_supported_for_channel_type',
  'invalid_users',
  'permission_denied',
  'no_permission',
]);

const CHANNELS_PAGE_SIZE = 200;

const EMAIL_DESCRIPTION = "The person's work e-mail address.";
const CHANNELS_DESCRIPTION =
  "Channel names, with or without '#' (e.g. the team's channel and the company ones).";
const USERGROUPS_DESCRIPTION =
  "Usergroup handles, with or without '@' (e.g. payments-standup).";

export function createSlackMemberAddAction(options: SlackMembershipOptions) {
  const client = createSlackClient(options.slack, {
    retries: options.retries ?? 3,
  });

  return createTemplateAction({
    id: 'slack:member:add',
    description:
      'Adds a person (found by work e-mail) to Slack channels and usergroups; idempotent. The person must already have a Slack account.',
    examples: addExamples,
    supportsDryRun: true,
    schema: {
      input: {
        email: z => z.string({ description: EMAIL_DESCRIPTION }).email(),
        channels: z =>
          z
            .array(z.string().min(1), { description: CHANNELS_DESCRIPTION })
            .default([]),
        usergroups: z =>
          z
            .array(z.string().min(1), { description: USERGROUPS_DESCRIPTION })
            .default([]),
      },
      output: {
        slackUserId: z => z.string({ description: "The person's Slack ID." }),
        channels: z =>
          z.string({
            description: 'IDs of the channels they are in, comma-separated.',
          }),
        usergroups: z =>
          z.string({
            description: 'IDs of the usergroups they are in, comma-separated.',
          }),
      },
    },
    async handler(ctx) {
      const slack = requireClient(client, 'slack:member:add');
      const channelNames = unique(ctx.input.channels.map(channelName));
      const handles = unique(ctx.input.usergroups.map(usergroupHandle));

      // Everything is looked up first: a wrong name fails the step before any write.
      const userId = await findUser(slack, ctx.input.email, { active: true });
      if (!userId) {
        throw new InputError(
          `No Slack user has the e-mail ${ctx.input.email} (input \`email\`). The person must have a Slack account first: they accept their Slack invitation, or SCIM provisions them. Retry this step afterwards.`,
        );
      }
      const channels = await resolveChannels(slack, channelNames);
      const groups = await resolveUsergroups(slack, handles);
      const summary = `${ctx.input.email} (${userId}) to ${describe(
        channels,
        groups,
      )}`;

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would add ${summary}.`);
      } else {
        for (const channel of channels) {
          await ensureBotIn(ctx, slack, channel);
          const result = await ctx.checkpoint({
            key: `slack.member.add.${userId}.${channel.id}.v1`,
            fn: () => invite(slack, channel, userId),
          });
          ctx.logger.info(
            result === 'invited'
              ? `Added ${ctx.input.email} to #${channel.name}.`
              : `${ctx.input.email} is already in #${channel.name}.`,
          );
        }
        for (const group of groups) {
          const members = await usergroupMembers(slack, group);
          if (members.includes(userId)) {
            ctx.logger.info(
              `${ctx.input.email} is already in @${group.handle}.`,
            );
            continue;
          }
          await ctx.checkpoint({
            key: `slack.usergroup.add.${userId}.${group.id}.v1`,
            fn: async () => {
              // The whole list is replaced: everyone who is in the group stays in it.
              await updateUsergroup(slack, group, [...members, userId]);
            },
          });
          ctx.logger.info(`Added ${ctx.input.email} to @${group.handle}.`);
        }
        ctx.logger.info(`Added ${summary}.`);
      }
      ctx.output('slackUserId', userId);
      ctx.output('channels', channels.map(c => c.id).join(','));
      ctx.output('usergroups', groups.map(g => g.id).join(','));
    },
  });
}

export function createSlackMemberRemoveAction(options: SlackMembershipOptions) {
  const client = createSlackClient(options.slack, {
    retries: options.retries ?? 3,
  });

  return createTemplateAction({
    id: 'slack:member:remove',
    description:
      'Removes a person (found by work e-mail) from Slack channels and usergroups, for offboarding; idempotent. Does not deactivate the account.',
    examples: removeExamples,
    supportsDryRun: true,
    schema: {
      input: {
        email: z => z.string({ description: EMAIL_DESCRIPTION }).email(),
        channels: z =>
          z
            .array(z.string().min(1), { description: CHANNELS_DESCRIPTION })
            .default([]),
        usergroups: z =>
          z
            .array(z.string().min(1), { description: USERGROUPS_DESCRIPTION })
            .default([]),
      },
      output: {
        removed: z =>
          z.boolean({
            description:
              'False when no Slack user has the e-mail (nothing to remove).',
          }),
        slackUserId: z =>
          z.string({ description: "The person's Slack ID." }).optional(),
        channels: z =>
          z
            .string({
              description:
                'IDs of the channels they are no longer in, comma-separated (#general never: only deactivating the account removes someone from it).',
            })
            .optional(),
        usergroups: z =>
          z
            .string({
              description:
                'IDs of the usergroups they are no longer in, comma-separated.',
            })
            .optional(),
        revoked: z =>
          z
            .array(z.string(), {
              description:
                'What was read back from Slack after removing: "#channel" and "@usergroup" the person is verified not to be in.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const slack = requireClient(client, 'slack:member:remove');
      const channelNames = unique(ctx.input.channels.map(channelName));
      const handles = unique(ctx.input.usergroups.map(usergroupHandle));

      const userId = await findUser(slack, ctx.input.email);
      if (!userId) {
        ctx.logger.info(
          `No Slack user has the e-mail ${ctx.input.email}: nothing to remove, counted as already removed.`,
        );
        ctx.output('removed', false);
        return;
      }
      const channels = await resolveChannels(slack, channelNames);
      const groups = await resolveUsergroups(slack, handles);
      // Slack refuses an empty usergroup: find out before the first write, not halfway through.
      for (const group of groups) {
        const members = await usergroupMembers(slack, group);
        if (members.length === 1 && members[0] === userId) {
          throw lastMemberError(ctx.input.email, group);
        }
      }
      const general = channels.filter(c => c.isGeneral);
      const leaving = channels.filter(c => !c.isGeneral);
      for (const channel of general) {
        ctx.logger.warn(
          `Slack never removes anyone from #${channel.name}; ${ctx.input.email} leaves it when their Slack account is deactivated.`,
        );
      }
      const summary = `${ctx.input.email} (${userId}) from ${describe(
        leaving,
        groups,
      )}`;

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would remove ${summary}.`);
      } else {
        for (const channel of leaving) {
          await ensureBotIn(ctx, slack, channel);
          const result = await ctx.checkpoint({
            key: `slack.member.remove.${userId}.${channel.id}.v1`,
            fn: () => kick(slack, channel, userId),
          });
          ctx.logger.info(
            result === 'removed'
              ? `Removed ${ctx.input.email} from #${channel.name}.`
              : `${ctx.input.email} was not in #${channel.name}.`,
          );
        }
        for (const group of groups) {
          const members = await usergroupMembers(slack, group);
          if (!members.includes(userId)) {
            ctx.logger.info(`${ctx.input.email} was not in @${group.handle}.`);
            continue;
          }
          const remaining = members.filter(m => m !== userId);
          // Someone else left the group since the check above.
          if (!remaining.length) {
            throw lastMemberError(ctx.input.email, group, false);
          }
          await ctx.checkpoint({
            key: `slack.usergroup.remove.${userId}.${group.id}.v1`,
            fn: async () => {
              await updateUsergroup(slack, group, remaining);
            },
          });
          ctx.logger.info(`Removed ${ctx.input.email} from @${group.handle}.`);
        }
        ctx.logger.info(`Removed ${summary}.`);
        // Read back: the report lists only what Slack itself no longer shows.
        const revoked = await verifyRemoved(slack, userId, leaving, groups);
        ctx.output('revoked', revoked);
        ctx.logger.info(
          `Verified in Slack: not in ${revoked.join(', ') || 'any'}.`,
        );
      }
      ctx.output('removed', true);
      ctx.output('slackUserId', userId);
      ctx.output('channels', leaving.map(c => c.id).join(','));
      ctx.output('usergroups', groups.map(g => g.id).join(','));
    },
  });
}

function requireClient(
  client: WebClient | undefined,
  action: string,
): WebClient {
  if (!client) {
    throw new Error(
      `${action} needs Slack, and Slack is not configured: set runway.slack (the bot token) in the app-config.`,
    );
  }
  return client;
}

/**
 * The person's Slack ID, or undefined when no Slack user has the e-mail. To add someone (`active`)
 * the account must be an active full member: a guest account with the hire's e-mail is refused
 * (a guest is confined to the channels an admin chose, and may be someone outside the company).
 */
async function findUser(
  client: WebClient,
  email: string,
  options: { active?: boolean } = {},
): Promise<string | undefined> {
  try {
    const { user } = await client.users.lookupByEmail({ email });
    if (options.active && user?.deleted) {
      throw new InputError(
        `The Slack account of ${email} (input \`email\`) is deactivated; a Slack admin must reactivate it before this step can add them. Nothing was changed.`,
      );
    }
    if (options.active && (user?.is_restricted || user?.is_ultra_restricted)) {
      throw new InputError(
        `The Slack account of ${email} (input \`email\`) is a ${
          user.is_ultra_restricted ? 'single' : 'multi'
        }-channel guest, not a member; a Slack admin must make it a full member (or remove it so SCIM provisioning creates the member account) before this step can add them. Nothing was changed.`,
      );
    }
    return user!.id!;
  } catch (error) {
    if (slackErrorCode(error) === 'users_not_found') return undefined;
    throw slackFailure(error, `look up the Slack user with e-mail ${email}`);
  }
}

/**
 * The named channels, in the order given. Private channels are found only when the Runway bot is
 * in them, as Slack shows them to no one else; an unknown name fails naming it.
 */
async function resolveChannels(
  client: WebClient,
  names: string[],
): Promise<Channel[]> {
  if (!names.length) return [];
  const byName = new Map<string, Channel>();
  let next: string | undefined;
  do {
    const cursor = next;
    const page = await call(`list Slack channels`, () =>
      client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: CHANNELS_PAGE_SIZE,
        cursor,
      }),
    );
    for (const c of page.channels ?? []) {
      if (!c.id || !c.name) continue;
      const channel: Channel = {
        id: c.id,
        name: c.name,
        isPrivate: c.is_private ?? false,
        isGeneral: c.is_general ?? false,
        botIsMember: c.is_member ?? false,
      };
      byName.set(c.name.toLowerCase(), channel);
      byName.set(c.id, channel);
    }
    next = page.response_metadata?.next_cursor || undefined;
  } while (next);
  const missing = names.filter(n => !lookup(byName, n));
  if (missing.length) {
    const list = missing.map(n => `#${n}`).join(', ');
    throw new InputError(
      `No Slack channel ${list} (input \`channels\`). Check the name (archived channels do not count); a private channel must have the Runway app added to it first. Nothing was changed.`,
    );
  }
  return uniqueBy(
    names.map(n => lookup(byName, n)!),
    c => c.id,
  );
}

async function resolveUsergroups(
  client: WebClient,
  handles: string[],
): Promise<Usergroup[]> {
  if (!handles.length) return [];
  const res = await call('list Slack usergroups', () =>
    client.usergroups.list(),
  );
  const byHandle = new Map<string, Usergroup>();
  for (const g of res.usergroups ?? []) {
    if (g.id && g.handle) {
      byHandle.set(g.handle.toLowerCase(), { id: g.id, handle: g.handle });
    }
  }
  const missing = handles.filter(h => !byHandle.has(h.toLowerCase()));
  if (missing.length) {
    const list = missing.map(h => `@${h}`).join(', ');
    throw new InputError(
      `No Slack usergroup ${list} (input \`usergroups\`). Check the handle, or ask a Slack admin to create (or re-enable) the group. Nothing was changed.`,
    );
  }
  return uniqueBy(
    handles.map(h => byHandle.get(h.toLowerCase())!),
    g => g.id,
  );
}

/** Reads each channel's and usergroup's members back; throws naming any the person is still in. */
async function verifyRemoved(
  client: WebClient,
  userId: string,
  channels: Channel[],
  groups: Usergroup[],
): Promise<string[]> {
  const still: string[] = [];
  for (const channel of channels) {
    if ((await channelMembers(client, channel)).includes(userId))
      still.push(`#${channel.name}`);
  }
  for (const group of groups) {
    if ((await usergroupMembers(client, group)).includes(userId))
      still.push(`@${group.handle}`);
  }
  if (still.length) {
    throw new Error(
      `Slack still shows ${userId} in ${still.join(
        ', ',
      )} after removing them; someone may have added them back. Remove them there (or retry this step).`,
    );
  }
  return [
    ...channels.map(c => `#${c.name}`),
    ...groups.map(g => `@${g.handle}`),
  ];
}

async function channelMembers(
  client: WebClient,
  channel: Channel,
  cursor?: string,
): Promise<string[]> {
  const page = await call(`read the members of #${channel.name}`, () =>
    client.conversations.members({
      channel: channel.id,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    }),
  );
  const next = page.response_metadata?.next_cursor;
  return [
    ...(page.members ?? []),
    ...(next ? await channelMembers(client, channel, next) : []),
  ];
}

async function usergroupMembers(
  client: WebClient,
  group: Usergroup,
): Promise<string[]> {
  const res = await call(`read the members of @${group.handle}`, () =>
    client.usergroups.users.list({ usergroup: group.id }),
  );
  return res.users ?? [];
}

async function updateUsergroup(
  client: WebClient,
  group: Usergroup,
  users: string[],
): Promise<void> {
  await call(`update the members of @${group.handle}`, () =>
    client.usergroups.users.update({
      usergroup: group.id,
      users: users.join(','),
    }),
  );
}

/** Slack lets the bot invite to (or kick from) a channel only when it is in it. */
async function ensureBotIn(
  ctx: Pick<ActionContext<Record<string, never>>, 'checkpoint'>,
  client: WebClient,
  channel: Channel,
): Promise<void> {
  // Private channels are listed only when the bot is already in them.
  if (channel.botIsMember || channel.isPrivate) return;
  await ctx.checkpoint({
    key: `slack.bot.join.${channel.id}.v1`,
    fn: async () => {
      await call(`join #${channel.name}`, () =>
        client.conversations.join({ channel: channel.id }),
      );
    },
  });
  channel.botIsMember = true;
}

async function invite(
  client: WebClient,
  channel: Channel,
  userId: string,
): Promise<'invited' | 'already'> {
  try {
    await client.conversations.invite({ channel: channel.id, users: userId });
    return 'invited';
  } catch (error) {
    if (slackErrorCode(error) === 'already_in_channel') return 'already';
    throw slackFailure(error, `add ${userId} to #${channel.name}`);
  }
}

async function kick(
  client: WebClient,
  channel: Channel,
  userId: string,
): Promise<'removed' | 'absent'> {
  try {
    await client.conversations.kick({ channel: channel.id, user: userId });
    return 'removed';
  } catch (error) {
    if (slackErrorCode(error) === 'not_in_channel') return 'absent';
    throw slackFailure(error, `remove ${userId} from #${channel.name}`);
  }
}

function lastMemberError(
  email: string,
  group: Usergroup,
  nothingChanged = true,
): InputError {
  const handle = `@${group.handle}`;
  const done = nothingChanged
    ? 'Nothing was changed.'
    : 'The channels and the groups before it are done already.';
  return new InputError(
    `${email} is the only member of ${handle}, and Slack does not allow an empty usergroup. Add someone else to ${handle} (or have a Slack admin disable it), then retry this step. ${done}`,
  );
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw slackFailure(error, what);
  }
}

/** Slack's own error code in a message that says what was being done; the token never is. */
function slackFailure(error: unknown, what: string): Error {
  const code = slackErrorCode(error);
  if (!code) return error as Error;
  if (code === 'missing_scope') {
    const { needed } = (error as WebAPIPlatformError).data as {
      needed?: string;
    };
    return new Error(
      `Slack refused to ${what}: the Runway Slack app lacks the scope ${
        needed ?? '(not named)'
      }. Add it to the app and reinstall it.`,
    );
  }
  const message = `Slack refused to ${what}: ${code}.`;
  return INPUT_ERRORS.has(code) ? new InputError(message) : new Error(message);
}

function slackErrorCode(error: unknown): string | undefined {
  const e = error as WebAPIPlatformError;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

function describe(channels: Channel[], groups: Usergroup[]): string {
  const names = [
    ...channels.map(c => `#${c.name}`),
    ...groups.map(g => `@${g.handle}`),
  ];
  return names.length ? names.join(', ') : 'no channels or usergroups';
}

function lookup(byName: Map<string, Channel>, name: string) {
  return byName.get(name) ?? byName.get(name.toLowerCase());
}

function channelName(name: string): string {
  return name.trim().replace(/^#/, '');
}

function usergroupHandle(handle: string): string {
  return handle.trim().replace(/^@/, '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter(v => !seen.has(key(v)) && !!seen.add(key(v)));
}
