/**
 * A backend that runs the onboarding and offboarding golden paths against a devstack: the
 * golden-path backend with the onboarding plugin, the demo org and both templates, the welcome
 * mail through the devstack's SMTP, and the catalogue ready before it is returned.
 */
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { Devstack } from '@runway/devstack';
import onboardingPlugin from '@runway/plugin-onboarding-backend';
import { repoRoot, startGoldenPathBackend } from './goldenPathBackend';
import { waitForEntity } from './scaffolderTasks';

export async function startOnboardingBackend(
  devstack: Devstack,
  /** `runway.onboarding` beyond the mail: the triggers under test. */
  onboarding: Record<string, unknown>,
) {
  const backend = await startGoldenPathBackend({
    devstack,
    locations: [
      path.join(repoRoot, 'examples/org.yaml'),
      path.join(repoRoot, 'templates/engineer-onboarding/template.yaml'),
      path.join(repoRoot, 'templates/engineer-offboarding/template.yaml'),
    ],
    features: [
      onboardingPlugin,
      // The manager is told by Slack; without it, by a notification nobody reads here.
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
    runway: {
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
    'user/default/grace-liu',
  ]) {
    await waitForEntity(backend.server, ref);
  }
  return backend;
}
