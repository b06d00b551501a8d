import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Devstack, startDevstack } from '@runway/devstack';
import { START, addHours } from '../__testUtils__/fixtures';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { EnvironmentRecord } from '../database/EnvironmentStore';
import { TeamExpiryNotifier } from './ExpiryNotifier';
import { createSlackClient } from '@runway/platform-node';

jest.setTimeout(30_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments',
    annotations: { 'runway.dev/slack-channel': '#team-payments' },
  },
  spec: { type: 'team', children: [] },
};

const env: EnvironmentRecord = {
  id: 'f6b3b8a4-0000-4000-8000-000000000001',
  name: 'pr-7-ledger',
  type: 'feature',
  ownerTeam: 'group:default/payments',
  requestedBy: 'user:default/jane',
  services: [{ entityRef: 'component:default/ledger', branch: 'pr-7' }],
  urls: {},
  state: 'expiring',
  createdAt: START,
  expiresAt: addHours(START, 30),
  lastActivityAt: START,
  quota: { cpuCores: 2, memoryGiB: 4 },
  rates: { cpuHour: 0.04, memoryGiBHour: 0.005 },
  readyWhenHealthy: false,
};

function notifier(options: { slack: boolean }) {
  const notifications = { send: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const target = new TeamExpiryNotifier({
    notifications,
    slack: options.slack
      ? createSlackClient({
          token: devstack.slackToken,
          apiUrl: devstack.urls.slackApi,
        })
      : undefined,
    catalog: new CatalogLookup({
      catalog: catalogServiceMock({ entities: [payments] }),
      auth: mockServices.auth(),
    }),
    appBaseUrl: 'https://runway.acme.example',
    logger,
  });
  return { target, notifications, logger };
}

describe('TeamExpiryNotifier', () => {
  it("notifies the owner team in Backstage and in the team's Slack channel, with an Extend link", async () => {
    const { target, notifications } = notifier({ slack: true });
    const before = devstack.slack.messagesIn('team-payments').length;

    await target.warn(env, addHours(START, 7));

    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/payments' },
      payload: expect.objectContaining({
        title: 'Environment pr-7-ledger is torn down in 23 h',
        link: '/environments/pr-7-ledger',
        severity: 'high',
        description: expect.stringContaining(
          'Extend: https://runway.acme.example/environments/pr-7-ledger?extend=1',
        ),
      }),
    });
    const posted = devstack.slack.messagesIn('team-payments').slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toContain('pr-7-ledger is torn down in 23 h');
    expect(JSON.stringify(posted[0].blocks)).toContain(
      'https://runway.acme.example/environments/pr-7-ledger?extend=1',
    );
  });

  it('warns of an idle teardown with the time, the last activity and a one-click Keep alive link', async () => {
    const { target, notifications } = notifier({ slack: true });
    const before = devstack.slack.messagesIn('team-payments').length;

    await target.warnIdle(env, addHours(START, 24), addHours(START, 20));

    const text =
      'Environment pr-7-ledger is torn down for inactivity in 4 h (2026-11-03T09:00:00.000Z): the feature environment of group:default/payments has had no push to its branches, deploy or keep-alive since 2026-11-02T09:00:00.000Z. Keep it alive, or push, if you still need it.';
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/payments' },
      payload: {
        title: 'Environment pr-7-ledger is torn down for inactivity in 4 h',
        description: `${text} Keep alive: https://runway.acme.example/environments/pr-7-ledger?keepAlive=1`,
        link: '/environments/pr-7-ledger',
        severity: 'high',
        topic: 'environments',
        scope: `environment-idle:${env.id}`,
        metadata: {
          environment: 'pr-7-ledger',
          keepAliveUrl:
            'https://runway.acme.example/environments/pr-7-ledger?keepAlive=1',
        },
      },
    });
    const posted = devstack.slack.messagesIn('team-payments').slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toBe(
      `${text} Keep alive: https://runway.acme.example/environments/pr-7-ledger?keepAlive=1`,
    );
    expect(JSON.stringify(posted[0].blocks)).toContain(
      'https://runway.acme.example/environments/pr-7-ledger?keepAlive=1',
    );
    expect(JSON.stringify(posted[0].blocks)).not.toContain('?extend=');
  });

  it('still sends the Backstage notification when Slack is not configured', async () => {
    const { target, notifications } = notifier({ slack: false });
    const before = devstack.slack.messagesIn('team-payments').length;
    await target.warn(env, addHours(START, 7));
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(devstack.slack.messagesIn('team-payments')).toHaveLength(before);
  });

  it('a Slack outage does not stop the Backstage notification', async () => {
    const { target, notifications, logger } = notifier({ slack: true });
    devstack.injectFault({
      target: 'chat.postMessage',
      status: 500,
      times: 10,
    });
    await target.warn(env, addHours(START, 7));
    devstack.faults.clear();
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not send the expiry warning of environment pr-7-ledger by Slack',
      ),
    );
  });

  it('sends stored names as text, not as a channel-wide ping, while its own links stay links', async () => {
    const { target } = notifier({ slack: true });
    const before = devstack.slack.messagesIn('team-payments').length;
    await target.warn({ ...env, name: 'pr-7 <!channel>' }, addHours(START, 7));
    const posted = devstack.slack.messagesIn('team-payments').slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toContain('Environment pr-7 &lt;!channel&gt; is');
    expect(posted[0].text).not.toContain('<!channel>');
    expect(posted[0].text).toContain(
      'Extend: https://runway.acme.example/environments/pr-7%20%3C!channel%3E?extend=1',
    );
  });

  it('rejects when Slack and the Backstage notification both fail, so the warning is not counted as given', async () => {
    const { target, notifications } = notifier({ slack: true });
    notifications.send.mockRejectedValueOnce(new Error('notifications down'));
    devstack.injectFault({
      target: 'chat.postMessage',
      status: 500,
      times: 10,
    });
    await expect(target.warn(env, addHours(START, 7))).rejects.toThrow(
      'The expiry warning of environment pr-7-ledger reached nobody: every channel failed.',
    );
    devstack.faults.clear();
  });

  it('rejects when the only configured channel fails', async () => {
    const { target, notifications } = notifier({ slack: false });
    notifications.send.mockRejectedValueOnce(new Error('notifications down'));
    await expect(
      target.warnIdle(env, addHours(START, 24), addHours(START, 20)),
    ).rejects.toThrow('The idle warning of environment pr-7-ledger');
  });

  it('says the later teardown time when the warning comes late', async () => {
    const { target, notifications } = notifier({ slack: false });
    await target.warn(env, addHours(START, 29), addHours(START, 53));
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Environment pr-7-ledger is torn down in 24 h',
        }),
      }),
    );
  });
});
