/** Slack's Web API client, built the same way for every Runway module from `runway.slack`. */
import { WebClient } from '@slack/web-api';
import { SlackSettings } from './settings';

export interface SlackClientOptions {
  /** Retries of a failed call; default 2 (tests set 0). */
  retries?: number;
}

/** The client, or undefined when Slack is not configured (callers then notify in Backstage only). */
export function createSlackClient(
  settings: SlackSettings | undefined,
  options: SlackClientOptions = {},
): WebClient | undefined {
  if (!settings) return undefined;
  return new WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    // A message is worth a few quick retries, not a stuck task or lifecycle job.
    retryConfig: {
      retries: options.retries ?? 2,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 2000,
    },
    rejectRateLimitedCalls: false,
  });
}
