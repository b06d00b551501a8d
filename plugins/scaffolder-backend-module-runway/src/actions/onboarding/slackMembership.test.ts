import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import yaml from 'yaml';
import {
  createSlackMemberAddAction,
  createSlackMemberRemoveAction,
} from './slackMembership';
import { addExamples, removeExamples } from './slackMembership.examples';

jest.setTimeout(60_000);

let devstack: Devstack;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());
afterEach(() => devstack.faults.clear());

const settings = () => ({
  slack: { token: devstack.slackToken, apiUrl: devstack.urls.slackApi },
});
const addAction = () => createSlackMemberAddAction(settings());
const removeAction = () => createSlackMemberRemoveAction(settings());

interface Input {
  email: string;
  channels?: string[];
  usergroups?: string[];
}

function context(input: Input, options: { dryRun?: boolean } = {}) {
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({
    input: { channels: [], usergroups: [], ...input },
    logger,
  });
  return Object.assign(ctx, { isDryRun: options.dryRun ?? false, logger });
}

function outputs(ctx: ReturnType<typeof context>): Record<string, unknown> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

/** What every log call said, to check for the token and for warnings. */
function logged(ctx: ReturnType<typeof context>): string[] {
  return (['info', 'warn', 'error', 'debug'] as const).flatMap(level =>
    (ctx.logger[level] as jest.Mock).mock.calls.map(args =>
      args.map(String).join(' '),
    ),
  );
}

let hires = 0;
/** A person who has just been provisioned in Slack: in #general, nowhere else. */
function newHire() {
  hires += 1;
  const name = `hire${hires}`;
  return devstack.slack.addUser({
    name,
    realName: `New Hire ${hires}`,
    email: `${name}@acme.example`,
  });
}

const channel = (name: string) => devstack.slack.channel(name)!;
const group = (handle: string) =>
  devstack.slack.usergroups().find(g => g.handle === handle)!;

/** Every channel's and usergroup's members: what "nothing changed" compares. */
function memberships(options: { withoutBot?: boolean } = {}) {
  const bot = devstack.slack.bot.id;
  return {
    channels: Object.fromEntries(
      devstack.slack
        .channels()
        .map(c => [
          c.id,
          c.members.filter(m => !options.withoutBot || m !== bot).sort(),
        ]),
    ),
    usergroups: Object.fromEntries(
      devstack.slack.usergroups().map(g => [g.id, g.users]),
    ),
  };
}

let standups = 0;
/** A usergroup of its own per test, with one existing member. */
function standupGroup() {
  standups += 1;
  const sam = devstack.slack.userByEmail('sam.osei@acme.example')!.id;
  return devstack.slack.createUsergroup({
    handle: `standup-${standups}`,
    users: [sam],
  });
}

describe('slack:member:add', () => {
  it("puts the person into the channels and usergroups, keeping the groups' members", async () => {
    const hire = newHire();
    const standup = standupGroup();
    const paymentsBefore = group('payments').users;
    const ctx = context({
      email: hire.email!,
      channels: ['#team-payments', 'general'],
      usergroups: ['payments', `@${standup.handle}`],
    });

    await addAction().handler(ctx);

    expect(devstack.slack.isMember(channel('team-payments').id, hire.id)).toBe(
      true,
    );
    expect(devstack.slack.isMember(channel('general').id, hire.id)).toBe(true);
    expect(group('payments').users).toEqual([...paymentsBefore, hire.id]);
    expect(group(standup.handle).users).toEqual([...standup.users, hire.id]);
    expect(outputs(ctx)).toEqual({
      slackUserId: hire.id,
      channels: `${channel('team-payments').id},${channel('general').id}`,
      usergroups: `${group('payments').id},${standup.id}`,
    });
    expect(logged(ctx).join('\n')).not.toContain(devstack.slackToken);
  });

  it('run twice, leaves one membership and writes no usergroup the second time', async () => {
    const hire = newHire();
    const standup = standupGroup();
    const input = {
      email: hire.email!,
      channels: ['team-data'],
      usergroups: [standup.handle],
    };
    await addAction().handler(context(input));
    const afterFirst = memberships();

    // A second usergroup write would hit this fault and fail the step.
    devstack.injectFault({
      target: 'usergroups.users.update',
      status: 500,
      times: 100,
    });
    const again = context(input);
    await addAction().handler(again);

    expect(memberships()).toEqual(afterFirst);
    expect(group(standup.handle).users).toEqual([...standup.users, hire.id]);
    expect(
      channel('team-data').members.filter(m => m === hire.id),
    ).toHaveLength(1);
    expect(outputs(again)).toMatchObject({ slackUserId: hire.id });
  });

  it('adds to a private channel the Runway app is in, found on a later page of the channel list', async () => {
    const hire = newHire();
    for (let i = 0; i < 205; i++) {
      devstack.slack.createChannel({ name: `filler-${i}` });
    }
    const secret = devstack.slack.createChannel({
      name: 'payments-oncall',
      isPrivate: true,
      members: [devstack.slack.bot.id],
    });

    await addAction().handler(
      context({ email: hire.email!, channels: ['#payments-oncall'] }),
    );

    expect(devstack.slack.isMember(secret.id, hire.id)).toBe(true);
  });

  it('fails on an unknown e-mail, saying what to do, and changes nothing', async () => {
    const before = memberships();
    const ctx = context({
      email: 'not.yet.in.slack@acme.example',
      channels: ['#team-platform'],
      usergroups: ['platform'],
    });

    await expect(addAction().handler(ctx)).rejects.toThrow(
      /No Slack user has the e-mail not\.yet\.in\.slack@acme\.example \(input `email`\).*accept.*Slack invitation.*SCIM.*Retry this step/,
    );
    expect(memberships()).toEqual(before);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each([
    ['multi', 'a multi-channel guest'],
    ['single', 'a single-channel guest'],
  ] as const)(
    'refuses a %s-channel guest account with the hire’s e-mail, and changes nothing',
    async (guest, what) => {
      const account = devstack.slack.addUser({
        name: `guest-${guest}`,
        realName: 'Guest Account',
        email: `guest-${guest}@acme.example`,
        guest,
      });
      const before = memberships();
      const ctx = context({
        email: account.email!,
        channels: ['#team-platform'],
        usergroups: ['platform'],
      });
      await expect(addAction().handler(ctx)).rejects.toThrow(
        new RegExp(
          `The Slack account of guest-${guest}@acme\\.example \\(input \`email\`\\) is ${what}, not a member; a Slack admin must make it a full member`,
        ),
      );
      expect(memberships()).toEqual(before);
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it('fails on an unknown channel, naming it, before inviting anyone', async () => {
    const hire = newHire();
    const standup = standupGroup();
    const before = memberships();

    await expect(
      addAction().handler(
        context({
          email: hire.email!,
          channels: ['#team-storefront', '#no-such-channel', 'nor-this'],
          usergroups: [standup.handle],
        }),
      ),
    ).rejects.toThrow(
      /No Slack channel #no-such-channel, #nor-this \(input `channels`\)/,
    );
    expect(memberships()).toEqual(before);
  });

  it('does not see a private channel the Runway app is not in, and says how to fix it', async () => {
    const hire = newHire();
    devstack.slack.createChannel({ name: 'leads-only', isPrivate: true });

    await expect(
      addAction().handler(
        context({ email: hire.email!, channels: ['leads-only'] }),
      ),
    ).rejects.toThrow(
      /No Slack channel #leads-only .*private channel must have the Runway app added/,
    );
    expect(devstack.slack.isMember(channel('leads-only').id, hire.id)).toBe(
      false,
    );
  });

  it('fails on an unknown usergroup, naming it, before any change', async () => {
    const hire = newHire();
    const before = memberships();

    await expect(
      addAction().handler(
        context({
          email: hire.email!,
          channels: ['#team-storefront'],
          usergroups: ['storefront', 'payments-standupp'],
        }),
      ),
    ).rejects.toThrow(/No Slack usergroup @payments-standupp/);
    expect(memberships()).toEqual(before);
  });

  it('only looks things up in a dry run', async () => {
    const hire = newHire();
    const standup = standupGroup();
    devstack.slack.createChannel({ name: 'dry-run-add' });
    const before = memberships();
    const ctx = context(
      {
        email: hire.email!,
        channels: ['dry-run-add', '#team-platform'],
        usergroups: [standup.handle],
      },
      { dryRun: true },
    );

    await addAction().handler(ctx);

    // Not even the bot joined the channel it is not in yet.
    expect(memberships()).toEqual(before);
    expect(outputs(ctx)).toMatchObject({ slackUserId: hire.id });
  });

  it('rides out a server error while updating a usergroup', async () => {
    const hire = newHire();
    const standup = standupGroup();
    devstack.injectFault({ target: 'usergroups.users.update', status: 503 });

    await addAction().handler(
      context({ email: hire.email!, usergroups: [standup.handle] }),
    );

    expect(group(standup.handle).users).toEqual([...standup.users, hire.id]);
  });

  it('fails naming runway.slack when Slack is not configured', async () => {
    await expect(
      createSlackMemberAddAction({}).handler(
        context({ email: 'priya.raman@acme.example' }),
      ),
    ).rejects.toThrow(/Slack is not configured: set runway\.slack/);
  });
});

describe('slack:member:remove', () => {
  it('reverses slack:member:add', async () => {
    const hire = newHire();
    const standup = standupGroup();
    const input = {
      email: hire.email!,
      channels: ['#team-payments', '#team-data'],
      usergroups: ['payments', standup.handle],
    };
    const before = memberships({ withoutBot: true });
    await addAction().handler(context(input));
    expect(memberships({ withoutBot: true })).not.toEqual(before);

    const ctx = context(input);
    await removeAction().handler(ctx);

    expect(memberships({ withoutBot: true })).toEqual(before);
    expect(outputs(ctx)).toEqual({
      removed: true,
      slackUserId: hire.id,
      channels: `${channel('team-payments').id},${channel('team-data').id}`,
      usergroups: `${group('payments').id},${standup.id}`,
      revoked: [
        '#team-payments',
        '#team-data',
        '@payments',
        `@${standup.handle}`,
      ],
    });
  });

  it('fails, naming where, when Slack still shows the person after removing them', async () => {
    const hire = newHire();
    const input = {
      email: hire.email!,
      channels: ['#team-payments'],
      usergroups: [],
    };
    await addAction().handler(context(input));
    // Someone adds them back between the kick and the read-back: the stand-in's kick removes
    // nothing, as if Slack had lost the write.
    const payments = channel('team-payments');
    const kickOnce = devstack.slack.removeMember.bind(devstack.slack);
    devstack.slack.removeMember = () => undefined;
    try {
      await expect(removeAction().handler(context(input))).rejects.toThrow(
        `Slack still shows ${hire.id} in #team-payments after removing them`,
      );
    } finally {
      devstack.slack.removeMember = kickOnce;
    }
    expect(devstack.slack.isMember(payments.id, hire.id)).toBe(true);
  });

  it('is done already when the person is in none of them, and run twice changes nothing more', async () => {
    const hire = newHire();
    const standup = standupGroup();
    const input = {
      email: hire.email!,
      channels: ['#team-storefront'],
      usergroups: [standup.handle],
    };
    await removeAction().handler(context(input));
    const before = memberships();

    await removeAction().handler(context(input));

    expect(memberships()).toEqual(before);
    expect(group(standup.handle).users).toEqual(standup.users);
  });

  it('counts a person Slack does not know as already removed', async () => {
    const before = memberships();
    const ctx = context({
      email: 'left.long.ago@acme.example',
      channels: ['#team-platform'],
      usergroups: ['platform'],
    });

    await removeAction().handler(ctx);

    expect(outputs(ctx)).toEqual({ removed: false });
    expect(memberships()).toEqual(before);
    expect(logged(ctx).join('\n')).toMatch(
      /No Slack user has the e-mail left\.long\.ago@acme\.example.*already removed/,
    );
  });

  it('leaves #general alone and says so: only deactivating the account does that', async () => {
    const hire = newHire();
    const ctx = context({
      email: hire.email!,
      channels: ['#general'],
    });

    await removeAction().handler(ctx);

    expect(devstack.slack.isMember(channel('general').id, hire.id)).toBe(true);
    expect(outputs(ctx)).toMatchObject({ removed: true, channels: '' });
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/never removes anyone from #general/),
    );
  });

  it('refuses to empty a usergroup, before changing anything', async () => {
    const hire = newHire();
    const solo = devstack.slack.createUsergroup({
      handle: `solo-${hire.name}`,
      users: [hire.id],
    });
    await addAction().handler(
      context({ email: hire.email!, channels: ['#team-data'] }),
    );
    const before = memberships();

    await expect(
      removeAction().handler(
        context({
          email: hire.email!,
          channels: ['#team-data'],
          usergroups: [solo.handle],
        }),
      ),
    ).rejects.toThrow(
      new RegExp(
        `only member of @${solo.handle}, and Slack does not allow an empty usergroup.*Nothing was changed`,
      ),
    );
    expect(memberships()).toEqual(before);
  });

  it('only looks things up in a dry run', async () => {
    const hire = newHire();
    const standup = standupGroup();
    const input = {
      email: hire.email!,
      channels: ['#team-platform'],
      usergroups: [standup.handle],
    };
    await addAction().handler(context(input));
    const before = memberships();

    const ctx = context(input, { dryRun: true });
    await removeAction().handler(ctx);

    expect(memberships()).toEqual(before);
    expect(outputs(ctx)).toMatchObject({ removed: true, slackUserId: hire.id });
  });

  it('fails naming runway.slack when Slack is not configured', async () => {
    await expect(
      createSlackMemberRemoveAction({ slack: undefined }).handler(
        context({ email: 'priya.raman@acme.example' }),
      ),
    ).rejects.toThrow(/runway\.slack/);
  });
});

describe('examples', () => {
  it.each(
    [...addExamples, ...removeExamples].map(e => [e.description, e] as const),
  )('%s — runs against the devstack', async (_d, example) => {
    const step = yaml.parse(example.example).steps[0];
    const action =
      step.action === 'slack:member:add' ? addAction() : removeAction();
    expect(action.id).toBe(step.action);
    const ctx = context(step.input);

    await action.handler(ctx);

    const userId = devstack.slack.userByEmail(step.input.email)!.id;
    for (const name of step.input.channels as string[]) {
      if (channel(name).isGeneral) continue;
      expect(devstack.slack.isMember(channel(name).id, userId)).toBe(
        step.action === 'slack:member:add',
      );
    }
  });
});
