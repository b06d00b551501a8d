import { WebClient } from '@slack/web-api';
import { SlackSettings } from '../settings';

/** Slack's Web API client, or undefined when `runway.slack` is not configured. */
export function createSlackClient(
  settings: SlackSettings | undefined,
): WebClient | undefined {
  if (!settings) return undefined;
  return new WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    // A warning is worth a few retries, not a stuck lifecycle job.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    rejectRateLimitedCalls: false,
  });
}
