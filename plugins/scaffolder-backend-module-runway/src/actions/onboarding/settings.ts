/** Reads the onboarding golden path's settings (`runway.onboarding`, and platform-node's) once. */
import { Config } from '@backstage/config';
import { readAppBaseUrl, readGithubSettings } from '@runway/platform-node';
import { EngineerOnboardingSettings } from './engineerPrepare';

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
  };
}
