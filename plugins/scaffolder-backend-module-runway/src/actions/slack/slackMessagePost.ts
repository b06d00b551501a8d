/**
 * `slack:message:post` — tells a team or a person that something is ready: a channel (by name or
 * id) or a user (by e-mail) gets Block Kit blocks with a plain-text fallback. Rate limits (429 with
 * Retry-After) and server errors are retried a bounded number of times. When Slack is not
 * configured the message goes to the given entities as a Backstage notification instead; with
 * `optional: true` a Slack outage is logged and the template carries on.
 */
import crypto from 'node:crypto';
import { InputError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { SlackSettings, createSlackClient } from '@runway/platform-node';
import { ErrorCode, WebAPIPlatformError, WebClient } from '@slack/web-api';
import { examples } from './slackMessagePost.examples';

export interface SlackMessagePostOptions {
  /** Undefined when `runway.slack` is not configured. */
  slack?: SlackSettings;
  notifications?: NotificationService;
  /** Bounded retries for 429 and 5xx (Retry-After is honoured by the client). */
  retries?: number;
}

/** Slack error codes that mean the template is wrong, not that Slack is down. */
const INPUT_ERRORS = new Set([
  'channel_not_found',
  'users_not_found',
  'not_in_channel',
  'no_text',
  'invalid_blocks',
  'msg_too_long',
  'is_archived',
]);

export function createSlackMessagePostAction(options: SlackMessagePostOptions) {
  const client = createSlackClient(options.slack, {
    retries: options.retries ?? 3,
  });

  return createTemplateAction({
    id: 'slack:message:post',
    description:
      'Posts a Block Kit message to a Slack channel or to a person (by e-mail); falls back to a Backstage notification when Slack is not configured.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        channel: z =>
          z
            .string({
              description:
                'Channel name (with or without #) or id. Give this or userEmail; when both are empty the message goes to notifyEntityRefs as a Backstage notification.',
            })
            .optional(),
        userEmail: z =>
          z
            .string({
              description:
                'Send a direct message to the person with this e-mail address.',
            })
            .email()
            .optional(),
        text: z =>
          z
            .string({
              description:
                'Plain-text message; the fallback when blocks cannot be shown, and the notification title.',
            })
            .min(1)
            .max(3000),
        blocks: z =>
          z
            .array(z.record(z.unknown()), { description: 'Block Kit blocks.' })
            .max(50)
            .optional(),
        link: z =>
          z
            .string({
              description: 'Link for the Backstage notification fallback.',
            })
            .optional(),
        notifyEntityRefs: z =>
          z
            .array(z.string(), {
              description:
                'Who gets a Backstage notification when Slack is not configured (users or groups).',
            })
            .optional(),
        optional: z =>
          z
            .boolean({
              description: 'Carry on (and say so in the log) when Slack fails.',
            })
            .default(false),
      },
      output: {
        delivered: z =>
          z.enum(['slack', 'notification', 'skipped'], {
            description: 'Where the message went.',
          }),
        channel: z =>
          z
            .string({
              description: 'Slack channel id the message was posted to.',
            })
            .optional(),
        ts: z =>
          z.string({ description: 'Slack message timestamp.' }).optional(),
      },
    },
    async handler(ctx) {
      const {
        channel,
        userEmail,
        text,
        blocks,
        link,
        notifyEntityRefs,
        optional,
      } = ctx.input;
      if (channel && userEmail) {
        throw new InputError(
          'slack:message:post takes one of `channel` or `userEmail`, not both.',
        );
      }
      // An empty channel is what a template renders when the team has no channel annotation.
      const noRecipient = !channel && !userEmail;
      if (noRecipient && !notifyEntityRefs?.length) {
        throw new InputError(
          'slack:message:post needs `channel` or `userEmail` (or `notifyEntityRefs`, to send a Backstage notification instead).',
        );
      }
      const target = channel || `email:${userEmail}`;

      if (!client || noRecipient) {
        const why = client
          ? 'No Slack channel or person was given'
          : 'Slack is not configured (runway.slack)';
        if (!options.notifications || !notifyEntityRefs?.length) {
          ctx.logger.warn(
            `${why} and no notifyEntityRefs were given; ${target} was not told.`,
          );
          ctx.output('delivered', 'skipped');
          return;
        }
        if (!ctx.isDryRun) {
          await ctx.checkpoint({
            key: `notification.send.${digest(target, text)}.v1`,
            fn: async () => {
              await options.notifications!.send({
                recipients: { type: 'entity', entityRef: notifyEntityRefs },
                payload: {
                  title: text,
                  link,
                  topic: 'runway',
                  severity: 'normal',
                },
              });
            },
          });
        }
        ctx.logger.info(
          `${why}; sent a Backstage notification to ${notifyEntityRefs.join(
            ', ',
          )}.`,
        );
        ctx.output('delivered', 'notification');
        return;
      }

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would post to ${target}: ${text}`);
        ctx.output('delivered', 'skipped');
        return;
      }

      try {
        // A replayed task finds the message it already posted instead of posting twice.
        const posted = await ctx.checkpoint({
          key: `slack.message.post.${digest(target, text)}.v1`,
          fn: async () => {
            const to = userEmail
              ? await userIdFor(client, userEmail)
              : channel!;
            // As the template wrote it: its own links are links, and the values a person typed
            // went through `| slackEscape` when the template was rendered.
            const res = await client.chat.postMessage({
              channel: to,
              text,
              blocks: blocks as any,
              unfurl_links: false,
            });
            return { channel: res.channel!, ts: res.ts! };
          },
        });
        ctx.logger.info(
          `Posted to Slack ${target} (${posted.channel} ${posted.ts}).`,
        );
        ctx.output('delivered', 'slack');
        ctx.output('channel', posted.channel);
        ctx.output('ts', posted.ts);
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && INPUT_ERRORS.has(code)) {
          throw new InputError(
            `Slack refused the message to ${target}: ${code}. Check the channel or e-mail in the template.`,
          );
        }
        if (!optional) throw error;
        ctx.logger.warn(
          `Slack is unavailable (${
            code ?? (error as Error).message
          }); the message to ${target} was not posted. Carrying on because optional is true.`,
        );
        ctx.output('delivered', 'skipped');
      }
    },
  });
}

async function userIdFor(client: WebClient, email: string): Promise<string> {
  const res = await client.users.lookupByEmail({ email });
  return res.user!.id!;
}

function slackErrorCode(error: unknown): string | undefined {
  const e = error as WebAPIPlatformError;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

function digest(target: string, text: string) {
  return crypto
    .createHash('sha256')
    .update(`${target}\n${text}`)
    .digest('hex')
    .slice(0, 16);
}
