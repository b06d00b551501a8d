/*
 * Runway's backend: Backstage's new backend system with the plugins Runway is built on.
 * Only wiring lives here; Runway's own behaviour lives in plugins/ and modules.
 */
import { createBackend } from '@backstage/backend-defaults';
import { assertRequiredEnv } from './requiredEnv';

// Fail before any plugin starts, naming the missing variable (instead of a later,
// vaguer "missing config value" from whichever plugin reads it first).
try {
  assertRequiredEnv(process.argv, process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest locally, GitHub in production (providers are enabled by config).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// GitHub sign-in with Backstage's resolvers, refusing a new hire's provisional entity (./signIn).
backend.add(import('./signIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// People and teams from the GitHub organisation (production; configured under catalog.providers.githubOrg).
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Runway's own actions (docs/template-authors.md): Terraform, Slack, catalogue, policy gate,
// new-service, environment and onboarding steps.
backend.add(import('@runway/plugin-scaffolder-backend-module-runway'));

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
// Kubernetes reads through an entity: workload kinds only, its own kubernetes-id, env values hidden.
backend.add(import('@runway/plugin-kubernetes-backend-module-runway'));

backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-events-backend'));
// GitHub webhooks (signature-checked) become `github.<event>` topics: pushes keep environments alive.
backend.add(import('@backstage/plugin-events-backend-module-github'));
// ...and refuses to start when that ingress would take unsigned deliveries (docs/security.md).
backend.add(import('./signedWebhooks'));

// Who may do what: Runway's policy (roles from the catalogue, conditional decisions); docs/security.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@runway/plugin-permission-backend-module-runway'));

// Search: the PostgreSQL engine takes over when the database is PostgreSQL;
// on SQLite the search backend keeps its in-memory Lunr engine.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@runway/plugin-environments-backend'));
// Engineer onboarding: the identity provider's and HR system's events, one run per person.
backend.add(import('@runway/plugin-onboarding-backend'));
// ...and its hires as User entities in the catalogue at once, before the organisation sync knows them.
backend.add(
  import('@runway/plugin-onboarding-backend').then(m => ({
    default: m.catalogModuleOnboardingUsers,
  })),
);
// Catalogue drift: owners that do not exist, repositories gone or without their catalog-info.yaml.
backend.add(import('@runway/plugin-catalog-drift-backend'));
// Provisioning follow-ups: a golden path's Terraform pull request followed to its apply, and the
// provisioned Component annotated (docs/provisioning.md).
backend.add(import('@runway/plugin-delivery-backend'));
backend.add(
  import('@runway/plugin-delivery-backend').then(m => ({
    default: m.catalogModuleDeliveryAnnotations,
  })),
);

backend.start();
