import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { WebClient } from '@slack/web-api';
import { slackEscape } from '@runway/platform-node';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/** Tells an environment's owners that it is about to be torn down. */
export interface ExpiryNotifier {
  /**
   * It expires soon: torn down at `teardownAt` (default `env.expiresAt`). Rejects when the
   * warning reached nobody, so it is not counted as given.
   */
  warn(env: EnvironmentRecord, now: Date, teardownAt?: Date): Promise<void>;
  /**
   * It is a feature environment without activity, torn down at `teardownAt` unless some comes.
   * Rejects when the warning reached nobody.
   */
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
 * link. A failed channel is logged; when every channel failed the warning rejects, and the
 * lifecycle sweep tries it again later.
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

  async warn(
    env: EnvironmentRecord,
    now: Date,
    teardownAt: Date = env.expiresAt ?? now,
  ): Promise<void> {
    const title = `Environment ${env.name} is torn down in ${hoursUntil(
      teardownAt,
      now,
    )} h`;
    const text = `${title} (${teardownAt.toISOString()}): the ${
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
    const kind = action === 'extend' ? 'expiry' : 'idle';
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.deps.logger.warn(
          `Could not send the ${kind} warning of environment ${env.name} by ${
            i === 0 ? 'Backstage notification' : 'Slack'
          }: ${result.reason}`,
        );
      }
    });
    const sent = results.filter(r => r.status === 'fulfilled' && r.value);
    const failed = results.filter(r => r.status === 'rejected');
    // With no channel at all there is nobody to retry for; one that failed may work next time.
    if (sent.length === 0 && failed.length > 0) {
      throw new Error(
        `The ${kind} warning of environment ${env.name} reached nobody: every channel failed.`,
      );
    }
  }

  private async notify(
    env: EnvironmentRecord,
    title: string,
    text: string,
    action: 'extend' | 'keep-alive',
  ) {
    if (!this.deps.notifications) return false;
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
    return true;
  }

  private async postToSlack(
    env: EnvironmentRecord,
    text: string,
    action: 'extend' | 'keep-alive',
  ) {
    if (!this.deps.slack) return false;
    const channel = await this.deps.catalog.slackChannel(env.ownerTeam);
    if (!channel) return false;
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    const extend = action === 'extend';
    // The fallback text is mrkdwn too: the text is escaped, Runway's own link is not.
    await this.deps.slack.chat.postMessage({
      channel,
      text: extend
        ? `${slackEscape(text)} Extend: ${links.extendUrl}`
        : `${slackEscape(text)} Keep alive: ${links.keepAliveUrl}`,
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
    return true;
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
