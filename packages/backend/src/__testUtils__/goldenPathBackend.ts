/**
 * A test backend that runs golden-path templates for real: catalogue, scaffolder with the GitHub
 * module and Runway's module, configured against a running devstack.
 */
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import type { Devstack } from '@runway/devstack';
import scaffolderRunwayModule from '@runway/plugin-scaffolder-backend-module-runway';
import deliveryPlugin, {
  catalogModuleDeliveryAnnotations,
} from '@runway/plugin-delivery-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';

export const repoRoot = path.resolve(__dirname, '../../../..');

import type { BackendFeature } from '@backstage/backend-plugin-api';

type Feature = BackendFeature;

/** Whether `features` brings its own events service (a bus shared with a test's subscriber). */
const bringsEvents = (features: Feature[]) =>
  features.some(
    f => (f as { service?: { id?: string } }).service?.id === 'events.service',
  );

export function startGoldenPathBackend(options: {
  devstack: Devstack;
  /** Catalogue files to load (absolute paths). */
  locations: string[];
  /** Extra features, e.g. service overrides. */
  features?: Feature[];
  /** Extra `runway.*` settings, e.g. `environments`. */
  runway?: Record<string, unknown>;
  /** Extra top-level settings, e.g. `events` for the webhook ingress. */
  config?: Record<string, unknown>;
}) {
  const { devstack } = options;
  return startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderGithubModule,
      scaffolderRunwayModule,
      // The new-service template's follow-up step records its pull request here.
      deliveryPlugin,
      catalogModuleDeliveryAnnotations,
      ...(bringsEvents(options.features ?? []) ? [] : [eventsServiceFactory]),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          integrations: {
            github: [
              {
                host: devstack.urls.githubHost,
                apiBaseUrl: devstack.urls.githubApi,
                token: devstack.githubToken,
              },
            ],
          },
          runway: {
            github: {
              host: devstack.urls.githubHost,
              org: 'acme',
              writeIntervalMs: 0,
            },
            slack: {
              token: devstack.slackToken,
              apiUrl: devstack.urls.slackApi,
            },
            newService: {
              grafanaBaseUrl: 'https://grafana.acme.example',
              imageRegistry: 'ghcr.io/acme',
            },
            delivery: { remindersEnabled: false },
            ...options.runway,
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Domain',
                  'API',
                  'Resource',
                  'Location',
                  'User',
                  'Group',
                  'Template',
                ],
              },
            ],
            locations: options.locations.map(target => ({
              type: 'file',
              target,
            })),
            processingInterval: { seconds: 1 },
          },
          scaffolder: {
            taskRecovery: { enabled: true },
            defaultAuthor: { name: 'Runway', email: 'runway@acme.example' },
          },
          ...options.config,
        },
      }),
    ],
  });
}
