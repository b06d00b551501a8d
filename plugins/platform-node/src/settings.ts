/**
 * Runway's platform settings: `runway.github`, `runway.slack`, `runway.policies` and `app.baseUrl`,
 * read in one place with one set of defaults (config.d.ts documents each key). Modules and plugins
 * read these once at start-up and hand them to what needs them.
 */
import { Config } from '@backstage/config';

export interface GithubSettings {
  /** Forge host[:port], e.g. github.com or the devstack's localhost:7070. */
  host: string;
  org: string;
  /** The repository in `org` that receives Terraform and environment changes. */
  platformConfigRepo: string;
  /** Milliseconds between write requests; undefined keeps Octokit's (1000, GitHub's guidance). */
  writeIntervalMs?: number;
  /** Milliseconds one request may take. */
  requestTimeoutMs: number;
}

export interface SlackSettings {
  token: string;
  /** Slack's API base (the devstack's stand-in locally); default Slack's own. */
  apiUrl?: string;
}

export interface RunwaySettings {
  /** The portal's URL without a trailing slash: links in messages, PRs and policy denials. */
  appBaseUrl: string;
  github: GithubSettings;
  /** Undefined when `runway.slack` is not configured. */
  slack?: SlackSettings;
  /** `runway.policies.dir`; undefined means the baseline policies. */
  policiesDir?: string;
}

export const DEFAULT_GITHUB_HOST = 'github.com';
export const DEFAULT_GITHUB_ORG = 'acme';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function readRunwaySettings(config: Config): RunwaySettings {
  return {
    appBaseUrl: readAppBaseUrl(config),
    github: readGithubSettings(config),
    slack: readSlackSettings(config),
    policiesDir: config.getOptionalString('runway.policies.dir'),
  };
}

/** `app.baseUrl`, without a trailing slash. */
export function readAppBaseUrl(config: Config): string {
  return normaliseBaseUrl(config.getString('app.baseUrl'));
}

export function readGithubSettings(config: Config): GithubSettings {
  // Ignored, the old key would send Terraform and environments to the default repository.
  if (config.has('runway.newService.platformConfigRepo')) {
    throw new Error(
      'runway.newService.platformConfigRepo has moved to runway.github.platformConfigRepo; move the setting there (Runway reads only the new key).',
    );
  }
  const github = config.getOptionalConfig('runway.github');
  return {
    host: github?.getOptionalString('host') ?? DEFAULT_GITHUB_HOST,
    org: github?.getOptionalString('org') ?? DEFAULT_GITHUB_ORG,
    platformConfigRepo:
      github?.getOptionalString('platformConfigRepo') ?? 'platform-config',
    writeIntervalMs: atLeast(
      0,
      'runway.github.writeIntervalMs',
      github?.getOptionalNumber('writeIntervalMs'),
    ),
    requestTimeoutMs:
      atLeast(
        1,
        'runway.github.requestTimeoutMs',
        github?.getOptionalNumber('requestTimeoutMs'),
      ) ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

/** Undefined when `runway.slack` is not configured. */
export function readSlackSettings(config: Config): SlackSettings | undefined {
  const slack = config.getOptionalConfig('runway.slack');
  return (
    slack && {
      token: slack.getString('token'),
      apiUrl: slack.getOptionalString('apiUrl'),
    }
  );
}

/** `http://host/` and `http://host` are the same portal; links are joined to the bare form. */
export function normaliseBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

function atLeast(min: number, key: string, value: number | undefined) {
  if (value !== undefined && !(value >= min)) {
    throw new Error(
      `${key} must be a number of at least ${min} (got ${value}).`,
    );
  }
  return value;
}
