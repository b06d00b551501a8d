/** Reads the new-service golden path's settings (`runway.github`, `runway.newService`) once. */
import { Config } from '@backstage/config';
import { NewServiceSettings } from './servicePrepare';

export function newServiceSettings(config: Config): NewServiceSettings {
  const githubOrg = config.getOptionalString('runway.github.org') ?? 'acme';
  return {
    githubHost: config.getOptionalString('runway.github.host') ?? 'github.com',
    githubOrg,
    platformConfigRepo:
      config.getOptionalString('runway.newService.platformConfigRepo') ??
      'platform-config',
    grafanaBaseUrl:
      config.getOptionalString('runway.newService.grafanaBaseUrl') ??
      `https://grafana.${githubOrg}.example`,
    imageRegistry:
      config.getOptionalString('runway.newService.imageRegistry') ??
      `ghcr.io/${githubOrg}`,
    appBaseUrl: config.getString('app.baseUrl'),
  };
}
