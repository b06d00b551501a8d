/** Reads the new-service golden path's settings (`runway.newService`, and platform-node's) once. */
import { Config } from '@backstage/config';
import { readAppBaseUrl, readGithubSettings } from '@runway/platform-node';
import { NewServiceSettings } from './servicePrepare';

export function newServiceSettings(config: Config): NewServiceSettings {
  const github = readGithubSettings(config);
  return {
    githubHost: github.host,
    githubOrg: github.org,
    platformConfigRepo: github.platformConfigRepo,
    grafanaBaseUrl:
      config.getOptionalString('runway.newService.grafanaBaseUrl') ??
      `https://grafana.${github.org}.example`,
    imageRegistry:
      config.getOptionalString('runway.newService.imageRegistry') ??
      `ghcr.io/${github.org}`,
    appBaseUrl: readAppBaseUrl(config),
  };
}
