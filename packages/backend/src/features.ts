/*
 * The backend's features, in the order they are added: Backstage's plugins Runway is built on
 * and Runway's own. A list rather than a run of `backend.add` calls so that `yarn bench` can start
 * the same backend with a prefix of it and say what each feature costs at start
 * (docs/benchmarks.md). Modules follow the plugin they extend.
 */
import {
  type BackendFeature,
  type RootConfigService,
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

type FeatureImport = Promise<{ default: BackendFeature }>;

/**
 * A feature loaded only when the configuration asks for what it serves: on the embedded default
 * it would load its code and start for nothing (its share of start-up: docs/benchmarks.md).
 */
export function loadedWhen(
  needed: (config: RootConfigService) => boolean,
  load: () => FeatureImport,
): () => FeatureImport {
  return async () => ({
    default: createBackendFeatureLoader({
      deps: { config: coreServices.rootConfig },
      *loader({ config }) {
        if (needed(config)) yield load();
      },
    }),
  });
}

/** A feature's name (its package, `#export` for a second feature of one package) and its import. */
export type RunwayFeature = readonly [id: string, load: () => FeatureImport];

export const runwayFeatures: readonly RunwayFeature[] = [
  [
    '@backstage/plugin-app-backend',
    () => import('@backstage/plugin-app-backend'),
  ],
  [
    '@backstage/plugin-proxy-backend',
    () => import('@backstage/plugin-proxy-backend'),
  ],

  // Sign-in: guest locally, GitHub in production (providers are enabled by config).
  [
    '@backstage/plugin-auth-backend',
    () => import('@backstage/plugin-auth-backend'),
  ],
  [
    '@backstage/plugin-auth-backend-module-guest-provider',
    () => import('@backstage/plugin-auth-backend-module-guest-provider'),
  ],
  // GitHub sign-in with Backstage's resolvers, refusing a new hire's provisional entity (./signIn).
  ['backend#signIn', () => import('./signIn')],

  [
    '@backstage/plugin-catalog-backend',
    () => import('@backstage/plugin-catalog-backend'),
  ],
  [
    '@backstage/plugin-catalog-backend-module-scaffolder-entity-model',
    () =>
      import(
        '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
      ),
  ],
  // The list page's partial index, on PostgreSQL (docs/benchmarks.md, the catalogue at 10,000 entities).
  [
    'backend#catalogModuleListIndex',
    loadedWhen(
      config => config.getOptionalString('backend.database.client') === 'pg',
      () => import('./catalogListIndex'),
    ),
  ],
  [
    '@backstage/plugin-catalog-backend-module-logs',
    () => import('@backstage/plugin-catalog-backend-module-logs'),
  ],
  // People and teams from the GitHub organisation (production; configured under catalog.providers.githubOrg).
  [
    '@backstage/plugin-catalog-backend-module-github-org',
    loadedWhen(
      config => config.has('catalog.providers.githubOrg'),
      () => import('@backstage/plugin-catalog-backend-module-github-org'),
    ),
  ],

  [
    '@backstage/plugin-scaffolder-backend',
    () => import('@backstage/plugin-scaffolder-backend'),
  ],
  [
    '@backstage/plugin-scaffolder-backend-module-github',
    () => import('@backstage/plugin-scaffolder-backend-module-github'),
  ],
  [
    '@backstage/plugin-scaffolder-backend-module-notifications',
    () => import('@backstage/plugin-scaffolder-backend-module-notifications'),
  ],
  // Runway's own actions (docs/template-authors.md): Terraform, Slack, catalogue, policy gate,
  // new-service, environment and onboarding steps.
  [
    '@runway/plugin-scaffolder-backend-module-runway',
    () => import('@runway/plugin-scaffolder-backend-module-runway'),
  ],

  [
    '@backstage/plugin-techdocs-backend',
    () => import('@backstage/plugin-techdocs-backend'),
  ],
  [
    '@backstage/plugin-kubernetes-backend',
    () => import('@backstage/plugin-kubernetes-backend'),
  ],
  // Kubernetes reads through an entity: workload kinds only, its own kubernetes-id, env values hidden.
  [
    '@runway/plugin-kubernetes-backend-module-runway',
    () => import('@runway/plugin-kubernetes-backend-module-runway'),
  ],

  [
    '@backstage/plugin-notifications-backend',
    () => import('@backstage/plugin-notifications-backend'),
  ],
  [
    '@backstage/plugin-signals-backend',
    () => import('@backstage/plugin-signals-backend'),
  ],
  [
    '@backstage/plugin-events-backend',
    () => import('@backstage/plugin-events-backend'),
  ],
  // GitHub webhooks (signature-checked) become `github.<event>` topics: pushes keep environments alive.
  [
    '@backstage/plugin-events-backend-module-github',
    () => import('@backstage/plugin-events-backend-module-github'),
  ],
  // ...and refuses to start when that ingress would take unsigned deliveries (docs/security.md).
  ['backend#signedWebhooks', () => import('./signedWebhooks')],

  // Who may do what: Runway's policy (roles from the catalogue, conditional decisions); docs/security.md.
  [
    '@backstage/plugin-permission-backend',
    () => import('@backstage/plugin-permission-backend'),
  ],
  [
    '@runway/plugin-permission-backend-module-runway',
    () => import('@runway/plugin-permission-backend-module-runway'),
  ],
  // Each plugin's permissions service: Backstage's, keeping a person's conditional decisions for
  // a few seconds, so one page's requests ask the policy once (./permissionDecisionCache).
  [
    'backend#permissionDecisionCache',
    () => import('./permissionDecisionCache'),
  ],

  // Search: the PostgreSQL engine takes over when the database is PostgreSQL;
  // on SQLite the search backend keeps its in-memory Lunr engine.
  [
    '@backstage/plugin-search-backend',
    () => import('@backstage/plugin-search-backend'),
  ],
  [
    '@backstage/plugin-search-backend-module-pg',
    loadedWhen(
      config => config.getOptionalString('backend.database.client') === 'pg',
      () => import('@backstage/plugin-search-backend-module-pg'),
    ),
  ],
  [
    '@backstage/plugin-search-backend-module-catalog',
    () => import('@backstage/plugin-search-backend-module-catalog'),
  ],
  [
    '@backstage/plugin-search-backend-module-techdocs',
    () => import('@backstage/plugin-search-backend-module-techdocs'),
  ],

  [
    '@backstage/plugin-user-settings-backend',
    () => import('@backstage/plugin-user-settings-backend'),
  ],
  [
    '@runway/plugin-environments-backend',
    () => import('@runway/plugin-environments-backend'),
  ],
  // Engineer onboarding: the identity provider's and HR system's events, one run per person.
  [
    '@runway/plugin-onboarding-backend',
    () => import('@runway/plugin-onboarding-backend'),
  ],
  // ...and its hires as User entities in the catalogue at once, before the organisation sync knows them.
  [
    '@runway/plugin-onboarding-backend#catalogModuleOnboardingUsers',
    () =>
      import('@runway/plugin-onboarding-backend').then(m => ({
        default: m.catalogModuleOnboardingUsers,
      })),
  ],
  // Catalogue drift: owners that do not exist, repositories gone or without their catalog-info.yaml.
  [
    '@runway/plugin-catalog-drift-backend',
    () => import('@runway/plugin-catalog-drift-backend'),
  ],
  // Provisioning follow-ups: a golden path's Terraform pull request followed to its apply, and the
  // provisioned Component annotated (docs/provisioning.md).
  [
    '@runway/plugin-delivery-backend',
    () => import('@runway/plugin-delivery-backend'),
  ],
  [
    '@runway/plugin-delivery-backend#catalogModuleDeliveryAnnotations',
    () =>
      import('@runway/plugin-delivery-backend').then(m => ({
        default: m.catalogModuleDeliveryAnnotations,
      })),
  ],
  // Measured impact: the playbook's before/after table from the records above (docs/impact.md).
  [
    '@runway/plugin-impact-backend',
    () => import('@runway/plugin-impact-backend'),
  ],
];
