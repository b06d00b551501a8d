import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createSlackClient } from '@runway/platform-node';
import { deliveryPermissions } from '@runway/plugin-delivery-common';
import { deliveryClockServiceRef } from './clock';
import { DatabaseFollowupStore } from './database/DatabaseFollowupStore';
import { GithubPlatformConfigPulls } from './github/PlatformConfigPulls';
import { ApplyReminder } from './lifecycle/ApplyReminder';
import { FollowupAnnouncer } from './notify/FollowupAnnouncer';
import { People } from './notify/people';
import { RequesterNotifier } from './notify/RequesterNotifier';
import { FollowupAccess } from './service/access';
import {
  followupPermissionResourceRef,
  followupPermissionRules,
} from './service/permissions';
import { createRouter } from './service/router';
import { readDeliverySettings } from './settings';
import { GITHUB_TOPICS } from './webhooks/githubSignals';
import { createFollowupWebhookHandler } from './webhooks/followupWebhooks';

/** Wiring only: see src/webhooks, src/notify, src/lifecycle and src/service for what it does. */
export const deliveryPlugin = createBackendPlugin({
  pluginId: 'delivery',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        events: eventsServiceRef,
        catalog: catalogServiceRef,
        clock: deliveryClockServiceRef,
      },
      async init(deps) {
        const { logger, clock, config } = deps;
        const settings = readDeliverySettings(config);
        if (!settings.atlantisLogins) {
          logger.warn(
            'runway.delivery.atlantisLogins is not set: a "Ran Apply" comment or an atlantis/apply status by anyone who may comment on or push to platform-config marks a follow-up applied. Set it to the login(s) of Atlantis.',
          );
        }
        const store = await DatabaseFollowupStore.create(deps);
        deps.permissionsRegistry.addResourceType({
          resourceRef: followupPermissionResourceRef,
          permissions: deliveryPermissions,
          rules: followupPermissionRules,
          // The permission backend asks for these when it resolves a conditional decision.
          getResources: ids => Promise.all(ids.map(id => store.get(id))),
        });
        const pulls = new GithubPlatformConfigPulls({
          integrations: ScmIntegrations.fromConfig(config),
          github: settings.github,
          logger,
        });
        const notifier = new RequesterNotifier({
          notifications: deps.notifications,
          slack: createSlackClient(settings.slack),
          people: new People(deps),
          pulls,
          appBaseUrl: settings.appBaseUrl,
          logger,
        });
        const announcer = new FollowupAnnouncer({
          store,
          notifier,
          clock,
          logger,
          catalog: deps.catalog,
          auth: deps.auth,
          events: deps.events,
        });

        deps.httpRouter.use(
          await createRouter({
            store,
            access: new FollowupAccess(deps),
            auditor: deps.auditor,
            clock,
          }),
        );

        await deps.events.subscribe({
          id: 'delivery-followups',
          topics: GITHUB_TOPICS,
          onEvent: createFollowupWebhookHandler({
            store,
            announcer,
            pulls,
            settings,
            clock,
            logger,
          }),
        });

        if (!settings.reminders.enabled) {
          logger.warn(
            'runway.delivery.remindersEnabled is false: unapplied Terraform pull requests remind nobody, and undelivered "applied" messages are not retried.',
          );
          return;
        }
        const reminder = new ApplyReminder({
          store,
          notifier,
          announcer,
          clock,
          logger,
          reminderAfterMs: settings.reminders.afterMs,
        });
        await deps.scheduler.scheduleTask({
          id: 'delivery-apply-reminders',
          frequency: settings.reminders.interval,
          timeout: settings.reminders.timeout,
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: () => reminder.sweep(),
        });
      },
    });
  },
});
