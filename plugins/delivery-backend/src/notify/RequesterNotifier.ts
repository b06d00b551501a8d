/**
 * Tells a follow-up's requester what became of their Terraform pull request: a Backstage
 * notification and, when Slack is configured and Slack knows their e-mail, a direct message; a
 * reminder also comments on the pull request, mentioning them. A channel that fails is logged;
 * when every channel failed the message rejects, so its caller can give the claim back and a later
 * sweep tries again.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { slackEscape } from '@runway/platform-node';
import { WebClient } from '@slack/web-api';
import { FollowupRecord } from '../database/FollowupStore';
import { PlatformConfigPulls } from '../github/PlatformConfigPulls';
import { followupLinks } from './links';
import { People } from './people';

interface Message {
  kind: 'applied' | 'apply-failed' | 'reminder';
  title: string;
  /** Plain text: the notification's description. */
  text: string;
  /** Slack mrkdwn, values escaped. */
  slack: string;
  severity: 'normal' | 'high';
}

export interface Notifier {
  applied(followup: FollowupRecord): Promise<void>;
  applyFailed(followup: FollowupRecord): Promise<void>;
  /** The `reminder`-th reminder (1, 2, …) that it still waits for an apply. */
  remind(followup: FollowupRecord, reminder: number, now: Date): Promise<void>;
}

export class RequesterNotifier implements Notifier {
  constructor(
    private readonly deps: {
      notifications?: NotificationService;
      slack?: WebClient;
      people: People;
      pulls: PlatformConfigPulls;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  async applied(followup: FollowupRecord): Promise<void> {
    const links = followupLinks(this.deps.appBaseUrl, followup);
    const pr = `pull request #${followup.prNumber}`;
    await this.send(followup, {
      kind: 'applied',
      title: `${followup.service} is provisioned`,
      text: `Atlantis applied the Terraform of ${followup.service} (${pr}): its namespace, access and database exist. Pull request: ${links.pullRequest} Repository: ${links.repository} Catalogue: ${links.entity} Docs: ${links.docs}`,
      slack: `:white_check_mark: *${slackEscape(
        followup.service,
      )} is provisioned*: Atlantis applied <${links.pullRequest}|${pr}>.\n<${
        links.repository
      }|Repository> · <${links.entity}|Catalogue> · <${links.docs}|TechDocs>`,
      severity: 'normal',
    });
  }

  async applyFailed(followup: FollowupRecord): Promise<void> {
    const links = followupLinks(this.deps.appBaseUrl, followup);
    const pr = `pull request #${followup.prNumber}`;
    const what = `Read Atlantis's error in the pull request's comments, push a fix to its branch${
      followup.branch ? ` ${followup.branch}` : ''
    } and comment \`atlantis apply\` again; if the error is not in your change, ask the platform team.`;
    await this.send(followup, {
      kind: 'apply-failed',
      title: `The Terraform of ${followup.service} could not be applied`,
      text: `Atlantis could not apply ${pr} for ${followup.service}: ${
        followup.applyFailure ?? 'no reason given'
      }. ${what} Pull request: ${links.pullRequest}`,
      slack: `:warning: *Atlantis could not apply <${
        links.pullRequest
      }|${pr}> for ${slackEscape(followup.service)}*: ${slackEscape(
        followup.applyFailure ?? 'no reason given',
      )}\n${slackEscape(what)}`,
      severity: 'high',
    });
  }

  async remind(
    followup: FollowupRecord,
    reminder: number,
    now: Date,
  ): Promise<void> {
    const links = followupLinks(this.deps.appBaseUrl, followup);
    const hours = Math.floor(
      (now.getTime() - followup.createdAt.getTime()) / 3_600_000,
    );
    const pr = `pull request #${followup.prNumber}`;
    const what =
      followup.state === 'merged'
        ? 'It was merged without an apply: comment `atlantis apply` on it, or ask the platform team to apply it.'
        : 'Ask a reviewer from the platform team to approve it, then comment `atlantis apply`.';
    const message: Message = {
      kind: 'reminder',
      title: `${followup.service}: the Terraform is still not applied`,
      text: `The Terraform of ${followup.service} (${pr}) has waited ${hours} h without an apply. ${what} Pull request: ${links.pullRequest}`,
      slack: `:hourglass: *The Terraform of ${slackEscape(
        followup.service,
      )} has waited ${hours} h without an apply* (<${
        links.pullRequest
      }|${pr}>).\n${slackEscape(what)}`,
      severity: 'normal',
    };
    await this.send(followup, message, async () => {
      const person = await this.deps.people.find(followup.requester);
      const mention = person.githubLogin ? `@${person.githubLogin} ` : '';
      // One comment per reminder: a retry finds it by its marker, the next day's is a new one.
      await this.deps.pulls.comment(
        followup.prNumber,
        `<!-- runway:apply-reminder:${reminder} -->`,
        `${mention}this pull request has waited ${hours} h without an apply. ${what}`,
      );
      return true;
    });
  }

  private async send(
    followup: FollowupRecord,
    message: Message,
    extra?: () => Promise<boolean>,
  ) {
    const channels = [
      ['Backstage notification', () => this.notify(followup, message)],
      ['Slack', () => this.postToSlack(followup, message)],
      ...(extra ? [['pull request comment', extra] as const] : []),
    ] as const;
    const results = await Promise.allSettled(
      channels.map(([, send]) => send()),
    );
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.deps.logger.warn(
          `Could not send the ${message.kind} message of follow-up ${followup.id} (${followup.service}) by ${channels[i][0]}: ${result.reason}`,
        );
      }
    });
    const sent = results.some(r => r.status === 'fulfilled' && r.value);
    if (!sent && results.some(r => r.status === 'rejected')) {
      throw new Error(
        `The ${message.kind} message of ${followup.service} reached nobody: every channel failed.`,
      );
    }
  }

  private async notify(followup: FollowupRecord, message: Message) {
    if (!this.deps.notifications) return false;
    const links = followupLinks(this.deps.appBaseUrl, followup);
    await this.deps.notifications.send({
      recipients: { type: 'entity', entityRef: followup.requester },
      payload: {
        title: message.title,
        description: message.text,
        link: message.kind === 'applied' ? links.entityPath : links.pullRequest,
        severity: message.severity,
        topic: 'delivery',
        scope: `delivery-${message.kind}:${followup.id}`,
        metadata: {
          service: followup.service,
          pullRequest: links.pullRequest,
        },
      },
    });
    return true;
  }

  private async postToSlack(followup: FollowupRecord, message: Message) {
    const slack = this.deps.slack;
    if (!slack) return false;
    const person = await this.deps.people.find(followup.requester);
    if (!person.email) return false;
    const { user } = await slack.users.lookupByEmail({ email: person.email });
    if (!user?.id) return false;
    await slack.chat.postMessage({
      channel: user.id,
      text: message.slack,
      unfurl_links: false,
    });
    return true;
  }
}
