import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { WebClient } from '@slack/web-api';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/** Tells an environment's owners that it is about to be torn down. */
export interface ExpiryNotifier {
  /** It expires soon (at `env.expiresAt`). */
  warn(env: EnvironmentRecord, now: Date): Promise<void>;
  /** It is a feature environment without activity, torn down at `teardownAt` unless some comes. */
  warnIdle(env: EnvironmentRecord, teardownAt: Date, now: Date): Promise<void>;
}

/** The environment's page, and the same page opening on its Extend or Keep alive action. */
export function environmentLinks(appBaseUrl: string, name: string) {
  const page = `/environments/${encodeURIComponent(name)}`;
  return {
    page,
    pageUrl: `${appBaseUrl}${page}`,
    extendUrl: `${appBaseUrl}${page}?extend=1`,
    keepAliveUrl: `${appBaseUrl}${page}?keepAlive=1`,
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
    const title = `Environment ${env.name} is torn down in ${hoursUntil(
      env.expiresAt,
      now,
    )} h`;
    const text = `${title} (${env.expiresAt.toISOString()}): the ${
      env.type
    } environment of ${env.ownerTeam}. Extend it if you still need it.`;
    await this.send(env, title, text, 'extend');
  }

  async warnIdle(
    env: EnvironmentRecord,
    teardownAt: Date,
    now: Date,
  ): Promise<void> {
    const title = `Environment ${
      env.name
    } is torn down for inactivity in ${hoursUntil(teardownAt, now)} h`;
    const text = `${title} (${teardownAt.toISOString()}): the feature environment of ${
      env.ownerTeam
    } has had no push to its branches, deploy or keep-alive since ${env.lastActivityAt.toISOString()}. Keep it alive, or push, if you still need it.`;
    await this.send(env, title, text, 'keep-alive');
  }

  private async send(
    env: EnvironmentRecord,
    title: string,
    text: string,
    action: 'extend' | 'keep-alive',
  ) {
    const results = await Promise.allSettled([
      this.notify(env, title, text, action),
      this.postToSlack(env, text, action),
    ]);
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.deps.logger.warn(
          `Could not send the ${
            action === 'extend' ? 'expiry' : 'idle'
          } warning of environment ${env.name} by ${
            i === 0 ? 'Backstage notification' : 'Slack'
          }: ${result.reason}`,
        );
      }
    });
  }

  private async notify(
    env: EnvironmentRecord,
    title: string,
    text: string,
    action: 'extend' | 'keep-alive',
  ) {
    if (!this.deps.notifications) return;
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    const extend = action === 'extend';
    await this.deps.notifications.send({
      recipients: { type: 'entity', entityRef: env.ownerTeam },
      payload: {
        title,
        description: extend
          ? `${text} Extend: ${links.extendUrl}`
          : `${text} Keep alive: ${links.keepAliveUrl}`,
        link: links.page,
        severity: 'high',
        topic: 'environments',
        scope: `environment-${extend ? 'expiry' : 'idle'}:${env.id}`,
        metadata: extend
          ? { environment: env.name, extendUrl: links.extendUrl }
          : { environment: env.name, keepAliveUrl: links.keepAliveUrl },
      },
    });
  }

  private async postToSlack(
    env: EnvironmentRecord,
    text: string,
    action: 'extend' | 'keep-alive',
  ) {
    if (!this.deps.slack) return;
    const channel = await this.deps.catalog.slackChannel(env.ownerTeam);
    if (!channel) return;
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    const extend = action === 'extend';
    await this.deps.slack.chat.postMessage({
      channel,
      text: extend
        ? `${text} Extend: ${links.extendUrl}`
        : `${text} Keep alive: ${links.keepAliveUrl}`,
      unfurl_links: false,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: slackEscape(text) } },
        {
          type: 'actions',
          elements: extend
            ? [
                button('Extend', links.extendUrl, 'primary'),
                button('Open environment', links.pageUrl),
              ]
            : [
                button('Keep alive', links.keepAliveUrl, 'primary'),
                button('Open environment', links.pageUrl),
              ],
        },
      ],
    });
  }
}

/** Whole hours from `now` until `at`, at least 1. */
function hoursUntil(at: Date, now: Date): number {
  return Math.max(1, Math.round((at.getTime() - now.getTime()) / 3_600_000));
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
