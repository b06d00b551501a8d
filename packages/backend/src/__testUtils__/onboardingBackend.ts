/**
 * A backend that runs the onboarding and offboarding golden paths against a devstack: the
 * golden-path backend with the onboarding plugin, the demo org and both templates, the welcome
 * mail through the devstack's SMTP, and the catalogue ready before it is returned.
 */
import path from 'node:path';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import scaffolderNotificationsModule from '@backstage/plugin-scaffolder-backend-module-notifications';
import type { Devstack } from '@runway/devstack';
import onboardingPlugin, {
  catalogModuleOnboardingUsers,
} from '@runway/plugin-onboarding-backend';
import environmentsPlugin from '@runway/plugin-environments-backend';
import { repoRoot, startGoldenPathBackend } from './goldenPathBackend';
import { waitForEntity } from './scaffolderTasks';

export async function startOnboardingBackend(
  devstack: Devstack,
  /** `runway.onboarding` beyond the mail: the triggers under test. */
  onboarding: Record<string, unknown>,
  /** Extra features, e.g. a scheduler the test triggers. */
  features: BackendFeature[] = [],
) {
  const sharedEvents = mockServices.events();
  const notifications: NotificationSendOptions[] = [];
  const backend = await startGoldenPathBackend({
    devstack,
    locations: [
      path.join(repoRoot, 'examples/org.yaml'),
      path.join(repoRoot, 'templates/engineer-onboarding/template.yaml'),
      path.join(repoRoot, 'templates/engineer-offboarding/template.yaml'),
      path.join(repoRoot, 'templates/engineer-team-change/template.yaml'),
    ],
    features: [
      onboardingPlugin,
      catalogModuleOnboardingUsers,
      // notification:send: the manager and the buddy are told in Runway.
      scaffolderNotificationsModule,
      // One events bus for every plugin, as in a real backend (the test backend's mock is one per
      // plugin): the onboarding plugin announces a hire's User entity to the catalogue module.
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => sharedEvents,
      }),
      // Backstage notifications, recorded (the manager and the buddy are told in Runway too).
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            notifications.push(notification);
          },
        }),
      }),
      ...features,
      // The hire's sandbox is an environment lease, delivered to the devstack's platform-config.
      environmentsPlugin,
    ],
    runway: {
      environments: { sweepEnabled: false, baseDomain: 'env.acme.example' },
      onboarding: {
        workerIntervalSeconds: 1,
        email: {
          smtp: { host: devstack.urls.smtpHost, port: devstack.urls.smtpPort },
          from: 'Runway <runway@acme.example>',
        },
        ...onboarding,
      },
    },
  });
  for (const ref of [
    'template/default/engineer-onboarding',
    'template/default/engineer-offboarding',
    'template/default/engineer-team-change',
    'user/default/grace-liu',
  ]) {
    await waitForEntity(backend.server, ref);
  }
  return Object.assign(backend, { notifications });
}
