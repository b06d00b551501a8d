/** What the new-hire page, its milestones and the retention of runs read from config, once. */
import { Config } from '@backstage/config';
import { readGithubSettings } from '@runway/platform-node';
import { readFirstDayTasks } from '@runway/plugin-onboarding-common';
import { GithubOrg } from '../milestones/githubMilestones';

export interface NewHireSettings {
  /** `runway.onboarding.email.firstDayTasks` (the welcome e-mail's), or the defaults. */
  firstDayTasks: string[];
  /** Where the access pull requests are opened (`runway.github.org`, `.platformConfigRepo`). */
  github: GithubOrg;
  /** Seconds between checks for the hires' sandboxes; default 60. */
  sandboxCheckIntervalSeconds: number;
  retention: {
    /** `runway.onboarding.pruneEnabled`; default true. */
    enabled: boolean;
    /** `runway.onboarding.retentionDays`; default 365. */
    days: number;
  };
}

export const DEFAULT_RETENTION_DAYS = 365;

export function readNewHireSettings(config: Config): NewHireSettings {
  const c = config.getOptionalConfig('runway.onboarding');
  const { org, platformConfigRepo } = readGithubSettings(config);
  return {
    firstDayTasks: readFirstDayTasks(config),
    github: { org, platformConfigRepo },
    sandboxCheckIntervalSeconds: wholeNumber(
      'runway.onboarding.sandboxCheckIntervalSeconds',
      c?.getOptionalNumber('sandboxCheckIntervalSeconds'),
      { min: 5, fallback: 60, unit: 'seconds' },
    ),
    retention: {
      enabled: c?.getOptionalBoolean('pruneEnabled') ?? true,
      days: wholeNumber(
        'runway.onboarding.retentionDays',
        c?.getOptionalNumber('retentionDays'),
        { min: 1, fallback: DEFAULT_RETENTION_DAYS, unit: 'days' },
      ),
    },
  };
}

function wholeNumber(
  key: string,
  value: number | undefined,
  rule: { min: number; fallback: number; unit: string },
): number {
  if (value === undefined) return rule.fallback;
  if (!Number.isInteger(value) || value < rule.min) {
    throw new Error(
      `${key} must be a whole number of ${rule.unit}, at least ${rule.min}; got ${value}. Leave it out for ${rule.fallback}.`,
    );
  }
  return value;
}
