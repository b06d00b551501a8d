/** `runway.catalogDrift.*`, read once at start-up (documented in config.d.ts). */
import { Config } from '@backstage/config';
import { GithubSettings, readGithubSettings } from '@runway/platform-node';

export interface CatalogDriftSettings {
  enabled: boolean;
  intervalMinutes: number;
  concurrency: number;
  /** GitHub requests left to the golden paths: the check stops asking below this. */
  rateLimitReserve: number;
  github: GithubSettings;
}

export const DEFAULT_INTERVAL_MINUTES = 60;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_RATE_LIMIT_RESERVE = 1000;

export function readCatalogDriftSettings(config: Config): CatalogDriftSettings {
  const drift = config.getOptionalConfig('runway.catalogDrift');
  return {
    enabled: drift?.getOptionalBoolean('enabled') ?? true,
    intervalMinutes: positiveInteger(
      drift?.getOptionalNumber('intervalMinutes'),
      'runway.catalogDrift.intervalMinutes',
      DEFAULT_INTERVAL_MINUTES,
    ),
    concurrency: positiveInteger(
      drift?.getOptionalNumber('concurrency'),
      'runway.catalogDrift.concurrency',
      DEFAULT_CONCURRENCY,
    ),
    rateLimitReserve: wholeNumber(
      drift?.getOptionalNumber('rateLimitReserve'),
      'runway.catalogDrift.rateLimitReserve',
      DEFAULT_RATE_LIMIT_RESERVE,
      0,
    ),
    github: readGithubSettings(config),
  };
}

function positiveInteger(
  value: number | undefined,
  key: string,
  fallback: number,
): number {
  return wholeNumber(value, key, fallback, 1);
}

function wholeNumber(
  value: number | undefined,
  key: string,
  fallback: number,
  minimum: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(
      `${key} is ${value}; set it to a whole number of at least ${minimum} (default ${fallback}), or leave it out.`,
    );
  }
  return value;
}
