/**
 * The follow-ups' moving parts as the plugin wires them, on a test database and a controlled
 * clock, telling the requester through the devstack's Slack and a recording notifications service.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createSlackClient } from '@runway/platform-node';
import type { Devstack } from '@runway/devstack';
import { Knex } from 'knex';
import { ApplyReminder } from '../lifecycle/ApplyReminder';
import { FollowupAnnouncer } from '../notify/FollowupAnnouncer';
import { People } from '../notify/people';
import { RequesterNotifier } from '../notify/RequesterNotifier';
import { createFollowupWebhookHandler } from '../webhooks/followupWebhooks';
import { FakeClock, FakePlatformConfigPulls, storeOn } from './fixtures';

export const GRACE = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'grace-liu',
    annotations: { 'github.com/user-login': 'graceliu' },
  },
  spec: { profile: { email: 'grace.liu@acme.example' }, memberOf: [] },
};

export async function followupStack(knex: Knex, devstack: Devstack) {
  const clock = new FakeClock();
  const store = await storeOn(knex);
  const pulls = new FakePlatformConfigPulls();
  const notifications = { send: jest.fn(async () => {}) };
  const catalog = catalogServiceMock({ entities: [GRACE] });
  const refreshEntity = jest.spyOn(catalog, 'refreshEntity');
  const logger = mockServices.logger.mock();
  const auth = mockServices.auth();
  const notifier = new RequesterNotifier({
    notifications,
    slack: createSlackClient(
      { token: devstack.slackToken, apiUrl: devstack.urls.slackApi },
      { retries: 0 },
    ),
    people: new People({ catalog, auth }),
    pulls,
    appBaseUrl: 'https://runway.acme.example',
    logger,
  });
  const announcer = new FollowupAnnouncer({
    store,
    notifier,
    clock,
    logger,
    catalog,
    auth,
  });
  const onEvent = createFollowupWebhookHandler({
    store,
    announcer,
    pulls,
    settings: {
      platformConfigRepo: 'acme/platform-config',
      applyStatusContext: 'atlantis/apply',
    },
    clock,
    logger,
  });
  const reminder = new ApplyReminder({
    store,
    notifier,
    announcer,
    clock,
    logger,
    reminderAfterMs: 24 * 3_600_000,
  });
  const graceSlackId = devstack.slack
    .users()
    .find(u => u.email === 'grace.liu@acme.example')!.id;
  /** Direct messages Runway sent to Grace in Slack. */
  const dms = () =>
    devstack.slack.messagesIn(devstack.slack.openIm(graceSlackId).id);
  // The devstack is shared by a file's tests: each stack counts only its own messages.
  const dmsBefore = dms().length;
  return {
    clock,
    store,
    pulls,
    notifications,
    refreshEntity,
    onEvent,
    reminder,
    dms,
    /** Direct messages to Grace since this stack was made. */
    newDms: () => dms().slice(dmsBefore),
    logger,
  };
}
