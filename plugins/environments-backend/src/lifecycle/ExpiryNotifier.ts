import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { WebClient } from '@slack/web-api';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/** Tells an environment's owners that it is about to be torn down. */
export interface ExpiryNotifier {
  warn(env: EnvironmentRecord, now: Date): Promise<void>;
}

/** The environment's page, and the same page opening on its Extend action. */
export function environmentLinks(appBaseUrl: string, name: string) {
  const page = `/environments/${encodeURIComponent(name)}`;
  return {
    page,
    pageUrl: `${appBaseUrl}${page}`,
    extendUrl: `${appBaseUrl}${page}?extend=1`,
  };
}

/**
 * Warns the owner team with a Backstage notification and, when Slack is configured and the team's
 * Group entity names a channel (`runway.dev/slack-channel`), a Slack message; both carry an Extend
 * link. A failed channel is logged: the warning is sent once, not retried.
 */
export class TeamExpiryNotifier implements ExpiryNotifier {
  constructor(
    private readonly deps: {
      notifications?: NotificationService;
      slack?: WebClient;
      catalog: CatalogLookup;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  async warn(env: EnvironmentRecord, now: Date): Promise<void> {
    const hours = Math.max(
      1,
      Math.round((env.expiresAt.getTime() - now.getTime()) / 3_600_000),
    );
    const title = `Environment ${env.name} is torn down in ${hours} h`;
    const text = `${title} (${env.expiresAt.toISOString()}): the ${
      env.type
    } environment of ${env.ownerTeam}. Extend it if you still need it.`;
    const results = await Promise.allSettled([
      this.notify(env, title, text),
      this.postToSlack(env, text),
    ]);
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.deps.logger.warn(
          `Could not send the expiry warning of environment ${env.name} by ${
            i === 0 ? 'Backstage notification' : 'Slack'
          }: ${result.reason}`,
        );
      }
    });
  }

  private async notify(env: EnvironmentRecord, title: string, text: string) {
    if (!this.deps.notifications) return;
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    await this.deps.notifications.send({
      recipients: { type: 'entity', entityRef: env.ownerTeam },
      payload: {
        title,
        description: `${text} Extend: ${links.extendUrl}`,
        link: links.page,
        severity: 'high',
        topic: 'environments',
        scope: `environment-expiry:${env.id}`,
        metadata: { environment: env.name, extendUrl: links.extendUrl },
      },
    });
  }

  private async postToSlack(env: EnvironmentRecord, text: string) {
    if (!this.deps.slack) return;
    const channel = await this.deps.catalog.slackChannel(env.ownerTeam);
    if (!channel) return;
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    await this.deps.slack.chat.postMessage({
      channel,
      text: `${text} Extend: ${links.extendUrl}`,
      unfurl_links: false,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: slackEscape(text) } },
        {
          type: 'actions',
          elements: [
            button('Extend', links.extendUrl, 'primary'),
            button('Open environment', links.pageUrl),
          ],
        },
      ],
    });
  }
}

function button(text: string, url: string, style?: 'primary') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    url,
    ...(style && { style }),
  };
}

/** Slack's mrkdwn treats &, < and > as markup. */
function slackEscape(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
