import { slackEscape } from '@runway/platform-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import { createSlackMessagePostAction } from './slackMessagePost';

jest.setTimeout(30_000);

let devstack: Devstack;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());
afterEach(() => devstack.faults.clear());

const slackAction = (retries = 3) =>
  createSlackMessagePostAction({
    slack: { token: devstack.slackToken, apiUrl: devstack.urls.slackApi },
    retries,
  });

/** A checkpoint store that persists across runs, as the scaffolder's does for a retried task. */
function checkpoints() {
  const saved = new Map<string, unknown>();
  return async ({ key, fn }: { key: string; fn: () => Promise<unknown> }) => {
    if (!saved.has(key)) saved.set(key, await fn());
    return saved.get(key) as any;
  };
}

it('posts blocks with a fallback text to a channel by name', async () => {
  const ctx = createMockActionContext({
    input: {
      channel: '#team-platform',
      text: 'checkout-api is ready',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*checkout-api* is ready' },
        },
      ],
      optional: false,
    },
  });
  await slackAction().handler(ctx);
  expect(ctx.output).toHaveBeenCalledWith('delivered', 'slack');
  const messages = devstack.slack.messagesIn('team-platform');
  expect(messages.at(-1)).toMatchObject({
    text: 'checkout-api is ready',
    blocks: [{ type: 'section' }],
  });
});

it('posts what a user typed as text (escaped by the template filter) and the template’s links as links', async () => {
  const typed = '<!channel> <@U123> <https://evil.example|click> & co';
  // What `${{ parameters.name | slackEscape }}` renders (the filter Runway's module registers).
  const name = slackEscape(typed);
  const ctx = createMockActionContext({
    input: {
      channel: '#team-platform',
      text: `Your service ${name} is ready`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${name}* is ready: <https://runway.acme.example/catalog?a=1&b=2|open it>`,
          },
        },
      ],
      optional: false,
    },
  });
  await slackAction().handler(ctx);
  const escaped =
    '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; co';
  const message = devstack.slack.messagesIn('team-platform').at(-1);
  expect(message?.text).toBe(`Your service ${escaped} is ready`);
  expect(message?.blocks).toEqual([
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escaped}* is ready: <https://runway.acme.example/catalog?a=1&b=2|open it>`,
      },
    },
  ]);
});

it('sends a direct message to a person found by e-mail', async () => {
  const person = devstack.slack.users().find(u => u.email && !u.isBot)!;
  const ctx = createMockActionContext({
    input: {
      userEmail: person.email!,
      text: 'Welcome!',
      optional: false,
    },
  });
  await slackAction().handler(ctx);
  const channel = (ctx.output as jest.Mock).mock.calls.find(
    ([k]) => k === 'channel',
  )[1];
  expect(devstack.slack.messagesIn(channel).at(-1)?.text).toBe('Welcome!');
});

it('names the problem when the channel does not exist', async () => {
  const ctx = createMockActionContext({
    input: { channel: '#no-such-team', text: 'x', optional: false },
  });
  await expect(slackAction().handler(ctx)).rejects.toThrow(
    /channel_not_found.*Check the channel/,
  );
});

it('rides out a rate limit (Retry-After) and posts exactly once, even when the task is replayed', async () => {
  devstack.injectFault({
    target: 'chat.postMessage',
    status: 429,
    retryAfterSeconds: 1,
  });
  const checkpoint = checkpoints();
  const before = devstack.slack.messagesIn('team-payments').length;
  for (let run = 0; run < 2; run++) {
    const ctx = createMockActionContext({
      input: {
        channel: 'team-payments',
        text: 'ready after a rate limit',
        optional: false,
      },
    });
    ctx.checkpoint = checkpoint as any;
    await slackAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('delivered', 'slack');
  }
  expect(devstack.slack.messagesIn('team-payments').length - before).toBe(1);
});

it('carries on when Slack keeps failing and the message is optional', async () => {
  devstack.injectFault({ target: 'chat.postMessage', status: 503, times: 10 });
  const ctx = createMockActionContext({
    input: { channel: 'team-data', text: 'may not arrive', optional: true },
  });
  await slackAction(1).handler(ctx);
  expect(ctx.output).toHaveBeenCalledWith('delivered', 'skipped');
  expect(
    devstack.slack
      .messagesIn('team-data')
      .some(m => m.text === 'may not arrive'),
  ).toBe(false);
});

it('fails the step when Slack keeps failing and the message is not optional', async () => {
  devstack.injectFault({ target: 'chat.postMessage', status: 503, times: 10 });
  const ctx = createMockActionContext({
    input: { channel: 'team-data', text: 'must arrive', optional: false },
  });
  await expect(slackAction(1).handler(ctx)).rejects.toThrow();
});

it('sends a Backstage notification instead when Slack is not configured', async () => {
  const send = jest.fn();
  const action = createSlackMessagePostAction({ notifications: { send } });
  const ctx = createMockActionContext({
    input: {
      channel: '#team-payments',
      text: 'payments-api is ready',
      link: '/catalog/default/component/payments-api',
      notifyEntityRefs: ['group:default/payments'],
      optional: false,
    },
  });
  await action.handler(ctx);
  expect(send).toHaveBeenCalledWith({
    recipients: { type: 'entity', entityRef: ['group:default/payments'] },
    payload: expect.objectContaining({
      title: 'payments-api is ready',
      link: '/catalog/default/component/payments-api',
    }),
  });
  expect(ctx.output).toHaveBeenCalledWith('delivered', 'notification');
});

it('posts nothing in a dry run', async () => {
  const before = devstack.slack.messagesIn('team-storefront').length;
  const ctx = {
    ...createMockActionContext({
      input: { channel: 'team-storefront', text: 'dry', optional: false },
    }),
    isDryRun: true,
  };
  await slackAction().handler(ctx);
  expect(devstack.slack.messagesIn('team-storefront')).toHaveLength(before);
});

it('refuses a step that names both a channel and a person', async () => {
  const ctx = createMockActionContext({
    input: {
      channel: '#team-data',
      userEmail: 'a@acme.example',
      text: 'x',
      optional: false,
    },
  });
  await expect(slackAction().handler(ctx)).rejects.toThrow(
    /one of `channel` or `userEmail`, not both/,
  );
});

it('notifies the team in Backstage when the template found no Slack channel for it', async () => {
  const send = jest.fn();
  const action = createSlackMessagePostAction({
    slack: { token: devstack.slackToken, apiUrl: devstack.urls.slackApi },
    notifications: { send },
  });
  const before = devstack.slack.messagesIn('team-data').length;
  const ctx = createMockActionContext({
    input: {
      channel: '',
      text: 'ledger is ready',
      notifyEntityRefs: ['group:default/data'],
      optional: false,
    },
  });
  await action.handler(ctx);
  expect(send).toHaveBeenCalledTimes(1);
  expect(ctx.output).toHaveBeenCalledWith('delivered', 'notification');
  expect(devstack.slack.messagesIn('team-data')).toHaveLength(before);
});

it('refuses a step with nobody to tell', async () => {
  const ctx = createMockActionContext({
    input: { channel: '', text: 'x', optional: false },
  });
  await expect(slackAction().handler(ctx)).rejects.toThrow(
    /needs `channel` or `userEmail` \(or `notifyEntityRefs`/,
  );
});
