/**
 * `runway.delivery.*`, read once when the plugin starts, with Runway's defaults (config.d.ts
 * documents each key), and the platform settings the follow-ups need (`runway.github`,
 * `runway.slack`, `app.baseUrl`).
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  GithubSettings,
  SlackSettings,
  readAppBaseUrl,
  readGithubSettings,
  readSlackSettings,
} from '@runway/platform-node';

export interface DeliverySettings {
  appBaseUrl: string;
  github: GithubSettings;
  slack?: SlackSettings;
  /** `owner/repo` of platform-config, lower-case: the only repository whose webhooks count. */
  platformConfigRepo: string;
  applyStatusContext: string;
  /** Only comments by these logins count as Atlantis's; undefined: any comment of its shape. */
  atlantisLogins?: string[];
  reminders: {
    enabled: boolean;
    /** Milliseconds after opening before the first reminder, and between reminders. */
    afterMs: number;
    interval: HumanDuration;
    timeout: HumanDuration;
  };
}

export const DEFAULT_APPLY_STATUS_CONTEXT = 'atlantis/apply';
export const DEFAULT_REMINDER_AFTER: HumanDuration = { hours: 24 };
export const DEFAULT_REMINDER_INTERVAL: HumanDuration = { minutes: 15 };

export function readDeliverySettings(root: Config): DeliverySettings {
  const config = root.getOptionalConfig('runway.delivery');
  const github = readGithubSettings(root);
  const duration = (key: string, fallback: HumanDuration) =>
    config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
  const afterMs = durationToMilliseconds(
    duration('reminderAfter', DEFAULT_REMINDER_AFTER),
  );
  if (afterMs < 60_000) {
    throw new Error(
      'runway.delivery.reminderAfter is under a minute: reminders would flood the requester. Set it to at least { minutes: 1 } (default { hours: 24 }).',
    );
  }
  return {
    appBaseUrl: readAppBaseUrl(root),
    github,
    slack: readSlackSettings(root),
    platformConfigRepo:
      `${github.org}/${github.platformConfigRepo}`.toLocaleLowerCase('en-US'),
    applyStatusContext:
      config?.getOptionalString('applyStatusContext') ??
      DEFAULT_APPLY_STATUS_CONTEXT,
    atlantisLogins: config
      ?.getOptionalStringArray('atlantisLogins')
      ?.map(login => login.toLocaleLowerCase('en-US')),
    reminders: {
      enabled: config?.getOptionalBoolean('remindersEnabled') ?? true,
      afterMs,
      interval: duration('reminderInterval', DEFAULT_REMINDER_INTERVAL),
      timeout: { minutes: 5 },
    },
  };
}
