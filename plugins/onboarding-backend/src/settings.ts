/** `runway.onboarding`, read once at start. */
import { Config } from '@backstage/config';
import {
  DEFAULT_GRAPH_PROFILE_ATTRIBUTES,
  GraphSettings,
} from './runs/GraphClient';
import {
  DEFAULT_OKTA_PROFILE_ATTRIBUTES,
  OktaProfileAttributes,
} from './runs/OktaDirectory';

export interface OnboardingSettings {
  templates: { onboard: string; offboard: string };
  /** Undefined when Okta's event hook is not configured: the route answers 404. */
  okta?: {
    hookHeader: string;
    hookSecret: string;
    /** Both or neither: without them a person must come with the request. */
    api?: { orgUrl: string; apiToken: string };
    /** When set (and the API is), the reconciliation poll acts on people created or deprovisioned since. */
    reconcileSince?: Date;
    reconcileIntervalMinutes: number;
    profileAttributes: OktaProfileAttributes;
  };
  /** Undefined when Microsoft Graph is not configured: the route answers 404. */
  graph?: GraphSettings;
  /** Undefined when the HR webhook is not configured: the route answers 404. */
  hrWebhook?: { secret: string };
  /** Seconds between passes that start received runs (each request also starts one at once). */
  workerIntervalSeconds: number;
}

/**
 * A trigger's block, unless it says `enabled: false`. Production turns off the triggers the
 * devstack configures in app-config.yaml, so a deployment never inherits the devstack's secrets
 * without saying so; it turns on those it sets up (app-config.production.yaml).
 */
function enabledTrigger(
  c: Config | undefined,
  key: string,
): Config | undefined {
  const block = c?.getOptionalConfig(key);
  return block?.getOptionalBoolean('enabled') === false ? undefined : block;
}

export function readOnboardingSettings(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): OnboardingSettings {
  const c = config.getOptionalConfig('runway.onboarding');
  const okta = enabledTrigger(c, 'okta');
  const hr = enabledTrigger(c, 'hrWebhook');
  const orgUrl = okta?.getOptionalString('orgUrl');
  const apiToken = okta?.getOptionalString('apiToken');
  if (Boolean(orgUrl) !== Boolean(apiToken)) {
    throw new Error(
      'runway.onboarding.okta needs both orgUrl and apiToken (to read people from the Users API), or neither.',
    );
  }
  const secret = (key: string, value: string | undefined) => {
    if (value !== undefined && value.length < 16) {
      throw new Error(
        `${key} must be at least 16 characters; generate one with: openssl rand -hex 32`,
      );
    }
    // The devstack's secrets are public (app-config.yaml): anyone could start or stop a run.
    if (nodeEnv === 'production' && value?.startsWith('devstack-')) {
      throw new Error(
        `${key} is the devstack's, which anyone can read in app-config.yaml; set your own (openssl rand -hex 32) or turn the trigger off with enabled: false.`,
      );
    }
    return value;
  };
  const hookSecret = secret(
    'runway.onboarding.okta.hookSecret',
    okta?.getOptionalString('hookSecret'),
  );
  const hrSecret = secret(
    'runway.onboarding.hrWebhook.secret',
    hr?.getOptionalString('secret'),
  );
  const attributes = okta?.getOptionalConfig('profileAttributes');
  const graph = enabledTrigger(c, 'graph');
  return {
    templates: {
      onboard:
        c?.getOptionalString('templates.onboard') ??
        'template:default/engineer-onboarding',
      offboard:
        c?.getOptionalString('templates.offboard') ??
        'template:default/engineer-offboarding',
    },
    okta: hookSecret
      ? {
          hookHeader: (
            okta?.getOptionalString('hookHeader') ?? 'authorization'
          ).toLocaleLowerCase('en-US'),
          hookSecret,
          api: orgUrl && apiToken ? { orgUrl, apiToken } : undefined,
          reconcileSince: reconcileSince(okta),
          reconcileIntervalMinutes:
            okta?.getOptionalNumber('reconcileIntervalMinutes') ?? 15,
          profileAttributes: Object.fromEntries(
            Object.entries(DEFAULT_OKTA_PROFILE_ATTRIBUTES).map(([k, v]) => [
              k,
              attributes?.getOptionalString(k) ?? v,
            ]),
          ) as unknown as OktaProfileAttributes,
        }
      : undefined,
    hrWebhook: hrSecret ? { secret: hrSecret } : undefined,
    graph: graph && readGraph(graph, secret),
    workerIntervalSeconds: c?.getOptionalNumber('workerIntervalSeconds') ?? 30,
  };
}

function readGraph(
  graph: Config,
  secret: (key: string, value: string | undefined) => string | undefined,
): GraphSettings {
  const tenantId = graph.getString('tenantId');
  const attributes = graph.getOptionalConfig('profileAttributes');
  return {
    tenantId,
    clientId: graph.getString('clientId'),
    clientSecret: graph.getString('clientSecret'),
    clientState: secret(
      'runway.onboarding.graph.clientState',
      graph.getString('clientState'),
    )!,
    notificationUrl: graph.getString('notificationUrl'),
    apiBaseUrl:
      graph.getOptionalString('apiBaseUrl') ??
      'https://graph.microsoft.com/v1.0',
    tokenUrl:
      graph.getOptionalString('tokenUrl') ??
      `https://login.microsoftonline.com/${encodeURIComponent(
        tenantId,
      )}/oauth2/v2.0/token`,
    reconcileSince: reconcileSince(
      graph,
      'runway.onboarding.graph.reconcileSince',
    ),
    profileAttributes: Object.fromEntries(
      Object.entries(DEFAULT_GRAPH_PROFILE_ATTRIBUTES).map(([k, v]) => [
        k,
        attributes?.getOptionalString(k) ?? v,
      ]),
    ) as GraphSettings['profileAttributes'],
  };
}

function reconcileSince(
  trigger: Config | undefined,
  key = 'runway.onboarding.okta.reconcileSince',
): Date | undefined {
  const value = trigger?.getOptionalString('reconcileSince');
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new Error(
      `${key} must be a date such as 2026-12-01 (got ${JSON.stringify(
        value,
      )}); the poll acts on people created or deprovisioned after it.`,
    );
  }
  return date;
}
