/**
 * GitHub webhooks move environments (a push keeps one alive), so an unsigned ingress would let
 * anyone on the network forge activity. Backstage's GitHub events module accepts unsigned
 * deliveries when no secret is configured; this module refuses to start in that case, unless the
 * local devstack opts in explicitly.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export const ALLOW_UNSIGNED_KEY = 'runway.devstack.allowUnsignedWebhooks';

/** Why the configured GitHub webhook ingress would take unsigned deliveries, or undefined. */
export function unsignedWebhookProblem(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): string | undefined {
  const topics = config.getOptionalStringArray('events.http.topics') ?? [];
  if (!topics.includes('github')) return undefined;
  const generic = config.getOptionalString(
    'events.modules.github.webhookSecret',
  );
  const appSecrets = (
    config.getOptionalConfigArray('integrations.github') ?? []
  )
    .flatMap(integration => integration.getOptionalConfigArray('apps') ?? [])
    // Backstage checks an App's secret only when the App has its id too.
    .filter(app => app.getOptionalString('webhookSecret') && app.has('appId'));
  if (generic || appSecrets.length > 0) return undefined;
  if (config.getOptionalBoolean(ALLOW_UNSIGNED_KEY)) {
    if (nodeEnv !== 'production') return undefined;
    return `${ALLOW_UNSIGNED_KEY} is true but NODE_ENV is production: only the local devstack may take unsigned GitHub webhooks. Set events.modules.github.webhookSecret.`;
  }
  return `GitHub webhooks are received at /api/events/http/github (events.http.topics lists github) but no secret is set, so forged deliveries would be accepted. Set events.modules.github.webhookSecret (or a GitHub App's webhookSecret); only the local devstack may set ${ALLOW_UNSIGNED_KEY}: true.`;
}

export default createBackendModule({
  pluginId: 'events',
  moduleId: 'runway-signed-webhooks',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig },
      async init({ config }) {
        const problem = unsignedWebhookProblem(config);
        if (problem) throw new Error(problem);
      },
    });
  },
});
