/** Reads the onboarding golden path's settings (`runway.onboarding`, and platform-node's) once. */
import { Config } from '@backstage/config';
import {
  readAppBaseUrl,
  readGithubSettings,
  readPermissionSettings,
} from '@runway/platform-node';
import { Entity } from '@backstage/catalog-model';
import {
  SLACK_CHANNEL_ANNOTATION,
  STANDUP_USERGROUP_ANNOTATION,
} from '../../lib/teams';
import type { EngineerOnboardingSettings } from './engineerPrepare';

export function engineerOnboardingSettings(
  config: Config,
): EngineerOnboardingSettings {
  const github = readGithubSettings(config);
  const onboarding = config.getOptionalConfig('runway.onboarding');
  return {
    githubHost: github.host,
    githubOrg: github.org,
    platformConfigRepo: github.platformConfigRepo,
    appBaseUrl: readAppBaseUrl(config),
    companyChannels: onboarding?.getOptionalStringArray(
      'slack.companyChannels',
    ) ?? ['#general'],
    defaultTimeZone: onboarding?.getOptionalString('timeZone') ?? 'UTC',
    platformGroup: readPermissionSettings(config).platformGroup,
    emailDomains: (
      onboarding?.getOptionalStringArray('emailDomains') ?? []
    ).map(d => d.toLocaleLowerCase('en-US').replace(/^@/, '')),
  };
}

/**
 * Where an engineer belongs in Slack: the team's channel and the company ones (names without
 * '#', once each), and the team's standup usergroup. Onboarding adds them; offboarding removes
 * the same ones.
 */
export function slackPlaces(
  team: Entity | undefined,
  settings: Pick<EngineerOnboardingSettings, 'companyChannels'>,
): { channels: string[]; usergroups: string[] } {
  const annotations = team?.metadata.annotations ?? {};
  const usergroup = annotations[STANDUP_USERGROUP_ANNOTATION];
  return {
    channels: [
      ...new Set(
        [annotations[SLACK_CHANNEL_ANNOTATION], ...settings.companyChannels]
          .filter((c): c is string => Boolean(c))
          .map(c => c.replace(/^#/, '')),
      ),
    ],
    usergroups: usergroup ? [usergroup.replace(/^@/, '')] : [],
  };
}

/** platform-config, as terraform:pr:create's repoUrl. */
export function platformConfigRepoUrl(
  settings: Pick<
    EngineerOnboardingSettings,
    'githubHost' | 'githubOrg' | 'platformConfigRepo'
  >,
): string {
  return `${settings.githubHost}?${new URLSearchParams({
    owner: settings.githubOrg,
    repo: settings.platformConfigRepo,
  })}`;
}
