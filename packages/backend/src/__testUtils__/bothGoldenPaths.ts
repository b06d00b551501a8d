/**
 * One backend that runs both golden paths (new backend service, ephemeral environment) against a
 * devstack, as the fault-injection and secrets acceptance tests need: the environments plugin, a
 * user who is a member of payments and storefront, and every log line and audit event captured.
 */
import path from 'node:path';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { Devstack } from '@runway/devstack';
import environmentsPlugin from '@runway/plugin-environments-backend';
import { runwayPolicyPermissions } from '@runway/plugin-permission-backend-module-runway/testUtils';
import { repoRoot, startGoldenPathBackend } from './goldenPathBackend';
import { waitForEntity } from './scaffolderTasks';

export const NEW_SERVICE = 'template:default/new-service';
export const EPHEMERAL_ENVIRONMENT = 'template:default/ephemeral-environment';
/** Runway's per-attempt GitHub timeout here; a hang longer than it is abandoned and retried. Room for `POST git/trees` on a busy machine (5 s was not). */
export const GITHUB_REQUEST_TIMEOUT_MS = 20_000;
export const USER = mockCredentials.user().principal.userEntityRef;

/** What the backend said: every log line (with its fields) and every audit event, as JSON. */
export interface Captured {
  logs: string[];
  audits: string[];
}

function capturingLogger(
  captured: Captured,
  fields: object = {},
): LoggerService {
  const write = (level: string) => (message: string, meta?: Error | object) => {
    const extra =
      meta instanceof Error
        ? { error: { message: meta.message, stack: meta.stack } }
        : meta;
    captured.logs.push(JSON.stringify({ level, message, ...fields, ...extra }));
  };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: more => capturingLogger(captured, { ...fields, ...more }),
  };
}

/** JSON of an audit event as the default auditor writes it: the request as its method and URL. */
function auditJson(value: object): string {
  return JSON.stringify(value, (key, v) => {
    if (key === 'request' && v && typeof v === 'object')
      return { method: v.method, url: v.originalUrl ?? v.url };
    if (v instanceof Error) return { message: v.message, stack: v.stack };
    return v;
  });
}

function capturingAuditor(captured: Captured, plugin: string): AuditorService {
  return {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const record = async (status: string, extra?: object) => {
        captured.audits.push(
          auditJson({ plugin, status, ...options, ...extra }),
        );
      };
      await record('initiated');
      return {
        success: async o => record('succeeded', o),
        fail: async o => record('failed', o),
      };
    },
  };
}

/** The user the tasks run as: a member of payments and storefront. */
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async () => ({
    userEntityRef: USER,
    ownershipEntityRefs: [
      USER,
      'group:default/payments',
      'group:default/storefront',
    ],
  }),
});

export async function startBothGoldenPaths(
  devstack: Devstack,
  options: {
    /** Runway's per-attempt GitHub timeout; default {@link GITHUB_REQUEST_TIMEOUT_MS}. */
    requestTimeoutMs?: number;
    /** How long to wait for each entity of the catalogue; waitForEntity's default otherwise. */
    catalogWaitMs?: number;
  } = {},
) {
  const captured: Captured = { logs: [], audits: [] };
  const examples = (file: string) => path.join(repoRoot, 'examples', file);
  const backend = await startGoldenPathBackend({
    devstack,
    locations: [
      examples('org.yaml'),
      examples('systems.yaml'),
      examples('components.yaml'),
      path.join(repoRoot, 'templates/new-service/template.yaml'),
      path.join(repoRoot, 'templates/ephemeral-environment/template.yaml'),
      path.join(__dirname, '../__fixtures__/secrets/template.yaml'),
    ],
    features: [
      environmentsPlugin,
      userInfo.factory,
      // Runway's permission policy decides, as in production.
      mockServices.permissions.mock(runwayPolicyPermissions(userInfo)).factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => capturingLogger(captured) as any,
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => capturingAuditor(captured, plugin.getId()),
      }),
    ],
    runway: {
      // Short, so an injected hang is a timeout that Runway's client retries, not a stuck run.
      github: {
        host: devstack.urls.githubHost,
        org: 'acme',
        writeIntervalMs: 0,
        requestTimeoutMs: options.requestTimeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS,
      },
      environments: { sweepEnabled: false, baseDomain: 'env.acme.example' },
    },
  });
  try {
    for (const ref of [
      'template/default/new-service',
      'template/default/ephemeral-environment',
      'template/default/secrets-fixture',
      'group/default/payments',
      'component/default/cart-service',
    ])
      await waitForEntity(backend.server, ref, options.catalogWaitMs);
  } catch (error) {
    // The catalogue's own errors say why; they are captured, so show them here.
    const errors = captured.logs.filter(l => /"level":"(error|warn)"/.test(l));
    throw new Error(
      `${error}; the backend said:\n${errors.slice(0, 10).join('\n')}`,
    );
  }
  return { backend, captured };
}

/** The new-service form for `name`. */
export function newServiceValues(name: string) {
  return {
    name,
    description: `Keeps the ${name} books.`,
    owner: 'group:default/payments',
    system: 'system:default/checkout',
    language: 'go',
    database: 'postgres',
    lifecycle: 'experimental',
    tags: ['payments'],
    pagerdutyServiceId: 'PABC123',
  };
}

/** The ephemeral-environment form for `name`, commenting on `pullRequestUrl`. */
export function environmentValues(name: string, pullRequestUrl: string) {
  return {
    name,
    type: 'feature',
    owner: 'group:default/storefront',
    lifetimeDays: 1,
    services: [{ entityRef: 'component:default/cart-service', branch: 'main' }],
    pullRequestUrl,
  };
}
