/**
 * The Slack stand-in driven only through the real @slack/web-api WebClient, as Runway's
 * production code drives Slack. Every JSON answer is also checked against Slack's published
 * Web API spec after each test.
 */
import {
  LogLevel,
  retryPolicies,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebClient,
  WebClientEvent,
  type ConversationsListResponse,
  type RetryOptions,
} from '@slack/web-api';
import {
  BOT_TOKEN,
  startSlackStandIn,
  type SlackHarness,
} from './__testUtils__/slackHarness';
import { slackSpecViolations } from './__testUtils__/slackOpenApi';

let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlackStandIn();
});

// Throwing here fails the test that produced the off-spec answer.
afterEach(async () => {
  await slack.close();
  const violations = slack.responses
    .filter(r => r.status === 200)
    .flatMap(r => slackSpecViolations(r.method, r.body) ?? []);
  if (violations.length) {
    throw new Error(`Answers off Slack's spec:\n${violations.join('\n')}`);
  }
});

function client(
  token: string = BOT_TOKEN,
  retryConfig: RetryOptions = { retries: 0 },
): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig,
    logLevel: LogLevel.ERROR,
  });
}

/** WebClient turns `ok: false` into a thrown platform error carrying Slack's code. */
async function slackErrorOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WebAPIPlatformError)) {
    throw new Error(`expected a Slack platform error, got ${String(error)}`);
  }
  return error.data.error;
}

const channelId = (name: string) => slack.state.channel(name)!.id;
const userId = (email: string) => slack.state.userByEmail(email)!.id;
const allMessages = () =>
  slack.state.channels().flatMap(c => slack.state.messagesIn(c.id));

describe('auth.test', () => {
  it('identifies the Runway bot in the Acme workspace', async () => {
    const result = await client().auth.test();

    expect(result).toMatchObject({
      ok: true,
      team: 'Acme',
      team_id: slack.state.team.id,
      user: 'runway',
      user_id: slack.state.bot.id,
      bot_id: slack.state.bot.botId,
      url: 'https://acme.slack.com/',
    });
  });

  it('refuses an unknown token and a missing one', async () => {
    expect(await slackErrorOf(client('xoxb-wrong').auth.test())).toBe(
      'invalid_auth',
    );
    const anonymous = new WebClient(undefined, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    expect(await slackErrorOf(anonymous.auth.test())).toBe('not_authed');
  });
});

describe('chat.postMessage', () => {
  const blocks = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: '*payments-api* is live' },
    },
    { type: 'divider' },
  ];

  it('rejects an unknown channel with channel_not_found and stores nothing', async () => {
    expect(
      await slackErrorOf(
        client().chat.postMessage({ channel: '#no-such-channel', text: 'hi' }),
      ),
    ).toBe('channel_not_found');
    expect(allMessages()).toEqual([]);
  });

  it('posts by name (with or without #) and by ID, keeping blocks', async () => {
    const web = client();
    const byHash = await web.chat.postMessage({
      channel: '#team-platform',
      text: 'payments-api is live',
      blocks,
    });
    const byName = await web.chat.postMessage({
      channel: 'team-platform',
      text: 'second',
    });
    const byId = await web.chat.postMessage({
      channel: channelId('team-platform'),
      text: 'third',
    });

    expect(byHash.channel).toBe(channelId('team-platform'));
    expect(byHash.message?.blocks).toEqual(blocks);
    const stored = slack.state.messagesIn('#team-platform');
    expect(stored.map(m => m.text)).toEqual([
      'payments-api is live',
      'second',
      'third',
    ]);
    expect(stored[0]).toMatchObject({ blocks, user: slack.state.bot.id });
    expect(stored.map(m => m.ts)).toEqual([byHash.ts, byName.ts, byId.ts]);
    expect(Number(byId.ts)).toBeGreaterThan(Number(byHash.ts));
  });

  it('accepts blocks without text, and refuses a message with neither (no_text)', async () => {
    const web = client();
    await web.chat.postMessage({ channel: '#team-data', blocks });
    expect(
      await slackErrorOf(
        web.apiCall('chat.postMessage', { channel: '#team-data' }),
      ),
    ).toBe('no_text');
    expect(slack.state.messagesIn('team-data')).toHaveLength(1);
  });

  it('opens a DM when the channel is a user ID', async () => {
    const priya = userId('priya.raman@acme.example');

    const result = await client().chat.postMessage({
      channel: priya,
      text: 'Your service was created',
    });

    expect(result.channel).toMatch(/^D0[A-Z0-9]{8}$/);
    const dm = slack.state.channel(result.channel!)!;
    expect(dm).toMatchObject({ isIm: true, imUser: priya });
    expect(slack.state.messagesIn(dm.id).map(m => m.text)).toEqual([
      'Your service was created',
    ]);
  });

  it('posts to a private channel only when the bot is a member (not_in_channel)', async () => {
    slack.state.createChannel({ name: 'incident-42', isPrivate: true });
    slack.state.createChannel({
      name: 'platform-leads',
      isPrivate: true,
      members: [slack.state.bot.id],
    });
    const web = client();

    expect(
      await slackErrorOf(
        web.chat.postMessage({ channel: '#incident-42', text: 'hi' }),
      ),
    ).toBe('not_in_channel');
    await web.chat.postMessage({ channel: '#platform-leads', text: 'hi' });

    expect(slack.state.messagesIn('incident-42')).toEqual([]);
    expect(slack.state.messagesIn('platform-leads')).toHaveLength(1);
  });
});

describe('users.lookupByEmail', () => {
  it('finds a person by e-mail, ignoring case', async () => {
    const { user } = await client().users.lookupByEmail({
      email: 'Priya.Raman@ACME.example',
    });

    expect(user).toMatchObject({
      id: userId('priya.raman@acme.example'),
      name: 'priyaraman',
      real_name: 'Priya Raman',
      is_bot: false,
      profile: { email: 'priya.raman@acme.example' },
    });
  });

  it('answers users_not_found for an unknown address', async () => {
    expect(
      await slackErrorOf(
        client().users.lookupByEmail({ email: 'nobody@acme.example' }),
      ),
    ).toBe('users_not_found');
  });
});

describe('conversations.list', () => {
  const seeded = [
    'general',
    'team-platform',
    'team-payments',
    'team-storefront',
    'team-data',
  ];

  it('pages with next_cursor until it is empty', async () => {
    const web = client();
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await web.conversations.list({ limit: 2, cursor });
      pages.push(page.channels!.map(c => c.name!));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);

    expect(pages.map(p => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(seeded);
  });

  it("works with WebClient's own paginate()", async () => {
    const names: string[] = [];
    for await (const page of client().paginate('conversations.list', {
      limit: 3,
    })) {
      const { channels } = page as ConversationsListResponse;
      names.push(...channels!.map(c => c.name!));
    }
    expect(names).toEqual(seeded);
  });

  it('lists private channels only to members, and only when asked for', async () => {
    slack.state.createChannel({ name: 'hidden', isPrivate: true });
    slack.state.createChannel({
      name: 'bot-private',
      isPrivate: true,
      members: [slack.state.bot.id],
    });
    const web = client();

    const publicOnly = await web.conversations.list();
    const privateOnly = await web.conversations.list({
      types: 'private_channel',
    });

    expect(publicOnly.channels!.map(c => c.name)).toEqual(seeded);
    expect(privateOnly.channels!.map(c => c.name)).toEqual(['bot-private']);
  });

  it('refuses a cursor it did not issue', async () => {
    expect(
      await slackErrorOf(client().conversations.list({ cursor: 'bm9wZQ==' })),
    ).toBe('invalid_cursor');
  });
});

describe('conversations.join', () => {
  it('adds the bot, and a second join is ok with warning already_in_channel', async () => {
    const web = client();
    const id = channelId('team-payments');
    expect(slack.state.isMember(id, slack.state.bot.id)).toBe(false);

    const first = await web.conversations.join({ channel: id });
    const second = await web.conversations.join({ channel: id });

    expect(first.channel).toMatchObject({ id, is_member: true });
    expect(first.warning).toBeUndefined();
    expect(second).toMatchObject({ ok: true, warning: 'already_in_channel' });
    expect(slack.state.isMember(id, slack.state.bot.id)).toBe(true);
  });

  it('wants a channel ID, not a name', async () => {
    expect(
      await slackErrorOf(
        client().conversations.join({ channel: 'team-payments' }),
      ),
    ).toBe('channel_not_found');
  });
});

describe('conversations.invite', () => {
  it('adds a person to a channel the bot is in', async () => {
    const web = client();
    const id = channelId('team-platform');
    const grace = userId('grace.liu@acme.example');
    await web.conversations.join({ channel: id });

    await web.conversations.invite({ channel: id, users: grace });

    expect(slack.state.isMember(id, grace)).toBe(true);
  });

  it('fails with already_in_channel for a member, user_not_found for a stranger', async () => {
    const web = client();
    const id = channelId('team-platform');
    await web.conversations.join({ channel: id });
    const priya = userId('priya.raman@acme.example');

    expect(
      await slackErrorOf(
        web.conversations.invite({ channel: id, users: priya }),
      ),
    ).toBe('already_in_channel');
    expect(
      await slackErrorOf(
        web.conversations.invite({ channel: id, users: 'U0NOBODY00' }),
      ),
    ).toBe('user_not_found');
    expect(
      await slackErrorOf(
        web.conversations.invite({ channel: 'C0NOWHERE0', users: priya }),
      ),
    ).toBe('channel_not_found');
  });

  it('needs the bot in the channel first (not_in_channel)', async () => {
    const id = channelId('team-data');
    const grace = userId('grace.liu@acme.example');

    expect(
      await slackErrorOf(
        client().conversations.invite({ channel: id, users: grace }),
      ),
    ).toBe('not_in_channel');
    expect(slack.state.isMember(id, grace)).toBe(false);
  });
});

describe('conversations.kick', () => {
  it('removes a person from a channel the bot is in; a second kick is not_in_channel', async () => {
    const web = client();
    const id = channelId('team-payments');
    const daniel = userId('daniel.okafor@acme.example');
    await web.conversations.join({ channel: id });

    const kicked = await web.conversations.kick({ channel: id, user: daniel });

    expect(kicked).toMatchObject({ ok: true });
    expect(slack.state.isMember(id, daniel)).toBe(false);
    expect(
      await slackErrorOf(web.conversations.kick({ channel: id, user: daniel })),
    ).toBe('not_in_channel');
  });

  it('removes from a private channel the bot is in', async () => {
    const grace = userId('grace.liu@acme.example');
    const { id } = slack.state.createChannel({
      name: 'payments-oncall',
      isPrivate: true,
      members: [slack.state.bot.id, grace],
    });

    await client().conversations.kick({ channel: id, user: grace });

    expect(slack.state.channel(id)?.members).toEqual([slack.state.bot.id]);
  });

  it('refuses #general, the bot itself, strangers, names and channels the bot is not in', async () => {
    const web = client();
    const general = channelId('general');
    const data = channelId('team-data');
    const priya = userId('priya.raman@acme.example');
    const sam = userId('sam.osei@acme.example');
    await web.conversations.join({ channel: general });

    const errors = [
      await slackErrorOf(
        web.conversations.kick({ channel: general, user: priya }),
      ),
      await slackErrorOf(
        web.conversations.kick({ channel: general, user: slack.state.bot.id }),
      ),
      await slackErrorOf(
        web.conversations.kick({ channel: general, user: 'U0NOBODY00' }),
      ),
      await slackErrorOf(
        web.conversations.kick({ channel: 'team-data', user: sam }),
      ),
      await slackErrorOf(web.conversations.kick({ channel: data, user: sam })),
    ];

    expect(errors).toEqual([
      'cant_kick_from_general',
      'cant_kick_self',
      'user_not_found',
      'channel_not_found',
      'not_in_channel',
    ]);
    expect(slack.state.isMember(general, priya)).toBe(true);
    expect(slack.state.isMember(data, sam)).toBe(true);
  });
});

describe('usergroups', () => {
  const platformGroup = () =>
    slack.state.usergroups().find(g => g.handle === 'platform')!;

  it('lists one group per team, with its members when asked', async () => {
    const web = client();
    const plain = await web.usergroups.list();
    const withUsers = await web.usergroups.list({ include_users: true });

    expect(plain.usergroups!.map(g => g.handle)).toEqual([
      'platform',
      'payments',
      'storefront',
      'data',
    ]);
    expect(plain.usergroups![0].users).toBeUndefined();
    const platform = withUsers.usergroups!.find(g => g.handle === 'platform');
    expect(platform?.users).toEqual(
      [
        'priya.raman@acme.example',
        'marcus.oyelaran@acme.example',
        'lena.hoffmann@acme.example',
        'tom.whitaker@acme.example',
      ].map(userId),
    );
    expect(platform?.prefs?.channels).toEqual([channelId('team-platform')]);
  });

  it('replaces the members with usergroups.users.update', async () => {
    const web = client();
    const members = [
      userId('priya.raman@acme.example'),
      userId('grace.liu@acme.example'),
    ];

    const result = await web.usergroups.users.update({
      usergroup: platformGroup().id,
      users: members.join(','),
    });
    const listed = await web.usergroups.list({ include_users: true });

    expect(result.usergroup?.users).toEqual(members);
    expect(platformGroup().users).toEqual(members);
    expect(
      listed.usergroups!.find(g => g.handle === 'platform')?.users,
    ).toEqual(members);
  });

  it('pages the members of a channel with conversations.members', async () => {
    const web = client();
    const general = slack.state.channel('general')!;
    const first = await web.conversations.members({
      channel: general.id,
      limit: 2,
    });
    expect(first.members).toEqual(general.members.slice(0, 2));
    const rest = await web.conversations.members({
      channel: general.id,
      limit: 1000,
      cursor: first.response_metadata!.next_cursor,
    });
    expect([...first.members!, ...rest.members!]).toEqual(general.members);
    expect(rest.response_metadata?.next_cursor).toBe('');
    expect(
      await slackErrorOf(web.conversations.members({ channel: 'general' })),
    ).toBe('channel_not_found');
  });

  it('lists the members of one group with usergroups.users.list', async () => {
    const web = client();
    const { users } = await web.usergroups.users.list({
      usergroup: platformGroup().id,
    });

    expect(users).toEqual(platformGroup().users);
    expect(
      await slackErrorOf(
        web.usergroups.users.list({ usergroup: 'S0NOPE0000' }),
      ),
    ).toBe('no_such_subteam');
  });

  it('reads back what usergroups.users.update wrote, for a group made after seeding', async () => {
    const web = client();
    const grace = userId('grace.liu@acme.example');
    const sam = userId('sam.osei@acme.example');
    const standup = slack.state.createUsergroup({
      handle: 'payments-standup',
      users: [sam],
    });

    await web.usergroups.users.update({
      usergroup: standup.id,
      users: [sam, grace].join(','),
    });
    const listed = await web.usergroups.list();

    expect(
      (await web.usergroups.users.list({ usergroup: standup.id })).users,
    ).toEqual([sam, grace]);
    expect(listed.usergroups!.map(g => g.handle)).toContain('payments-standup');
  });

  it('refuses an empty member list (no_users_provided): a group cannot be emptied', async () => {
    const before = platformGroup().users;

    expect(
      await slackErrorOf(
        client().usergroups.users.update({
          usergroup: platformGroup().id,
          users: '',
        }),
      ),
    ).toBe('no_users_provided');
    expect(platformGroup().users).toEqual(before);
  });

  it('refuses bots and unknown groups, leaving members unchanged', async () => {
    const web = client();
    const before = platformGroup().users;

    expect(
      await slackErrorOf(
        web.usergroups.users.update({
          usergroup: platformGroup().id,
          users: slack.state.bot.id,
        }),
      ),
    ).toBe('invalid_users');
    expect(
      await slackErrorOf(
        web.usergroups.users.update({
          usergroup: 'S0NOPE0000',
          users: before[0],
        }),
      ),
    ).toBe('no_such_subteam');
    expect(platformGroup().users).toEqual(before);
  });
});

it('answers unknown_method for a method it does not implement', async () => {
  expect(await slackErrorOf(client().apiCall('chat.unicorn'))).toBe(
    'unknown_method',
  );
});

describe('injected faults', () => {
  it("WebClient's retry gets through a 502 and posts exactly once", async () => {
    slack.faults.inject({ target: 'chat.postMessage', status: 502 });

    await client(BOT_TOKEN, retryPolicies.rapidRetryPolicy).chat.postMessage({
      channel: '#general',
      text: 'retried',
    });

    expect(slack.responses.map(r => r.status)).toEqual([502, 200]);
    expect(slack.state.messagesIn('general').map(m => m.text)).toEqual([
      'retried',
    ]);
  });

  it('without retries, a 502 reaches the caller as an HTTP error and nothing is posted', async () => {
    slack.faults.inject({ target: 'chat.postMessage', status: 502 });

    const call = client().chat.postMessage({ channel: '#general', text: 'x' });

    await expect(call).rejects.toBeInstanceOf(WebAPIHTTPError);
    await expect(call).rejects.toMatchObject({ statusCode: 502 });
    expect(allMessages()).toEqual([]);
  });

  it('WebClient waits out a 429 Retry-After, then posts exactly once', async () => {
    slack.faults.inject({
      target: 'chat.postMessage',
      status: 429,
      retryAfterSeconds: 1,
    });
    const web = client(BOT_TOKEN, retryPolicies.rapidRetryPolicy);
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, seconds => rateLimited.push(seconds));
    const started = Date.now();

    await web.chat.postMessage({ channel: '#general', text: 'after 429' });

    expect(rateLimited).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.responses.map(r => r.status)).toEqual([429, 200]);
    expect(allMessages().map(m => m.text)).toEqual(['after 429']);
  });
});
