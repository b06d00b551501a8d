/**
 * Validation of what callers send. Every refusal is an InputError (400) whose message starts with
 * the field at fault and says what would be accepted.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENT_TYPES,
  EnvironmentService,
  EnvironmentType,
  LifetimeRules,
  SANDBOX_TYPE,
  branchNameProblem,
  environmentNameProblem,
  isSandboxName,
  lifetimeDaysProblem,
} from '@runway/plugin-environments-common';
import { parsePullRequestUrl } from '@runway/plugin-environments-node';

export interface CreateInput {
  name: string;
  type: EnvironmentType;
  ownerTeam: string;
  /** A sandbox's engineer (its owner); only for a sandbox. */
  ownerUser?: string;
  /** None for a sandbox. */
  services: EnvironmentService[];
  /** Undefined for a sandbox, which has no expiry. */
  lifetimeDays?: number;
  /**
   * The exact expiry, when the caller already wrote it into manifests (the provisioning action's
   * expiry labels): at most `lifetimeDays` from now. Default now + lifetimeDays.
   */
  expiresAt?: Date;
  urls: Record<string, string>;
  requestedBy?: string;
  /** Record it provisioning (before delivery); `ready` makes it active. */
  provisioning: boolean;
  /** Provisioning until Argo CD reports it Healthy: the health watcher decides, not `ready`. */
  readyWhenHealthy: boolean;
  /** With readyWhenHealthy: the pull request commented on when the watcher decides. */
  pullRequestUrl?: string;
}

export const invalid = (field: string, problem: string) =>
  new InputError(`${field} ${problem}`);

/** A shared rule's whole-sentence wording (@runway/platform-common), after the field's name. */
const breaksRule = (field: string, problem: string) =>
  new InputError(`${field}: ${problem}`);

/** A lower-cased full entity ref of `kind` (`kind:namespace/name`), or a 400 naming `field`. */
export function entityRef(value: unknown, kind: string, field: string): string {
  const example = `${kind}:default/name`;
  if (typeof value !== 'string' || !value.trim()) {
    throw invalid(field, `is required: an entity ref like ${example}`);
  }
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  if (ref?.kind.toLocaleLowerCase('en-US') !== kind) {
    throw invalid(
      field,
      `must be a ${kind} entity ref like ${example} (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

/** A branch name git and Argo CD accept, and that is safe to write into manifests. */
function branchName(value: unknown, field: string): string {
  if (value === undefined) return 'main';
  const problem = branchNameProblem(value);
  if (problem) throw breaksRule(field, problem);
  return value as string;
}

function services(value: unknown): EnvironmentService[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
    throw invalid(
      'services',
      'must list 1 to 50 services, each { entityRef, branch }',
    );
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const ref = entityRef(
      item?.entityRef,
      'component',
      `services[${i}].entityRef`,
    );
    if (seen.has(ref)) {
      throw invalid(`services[${i}].entityRef`, `lists ${ref} twice`);
    }
    seen.add(ref);
    return {
      entityRef: ref,
      branch: branchName(item?.branch, `services[${i}].branch`),
    };
  });
}

/**
 * Service name → URL. Only https URLs under the environment's own host are accepted:
 * `https://<environment>.<baseDomain>` or `https://<label>.<environment>.<baseDomain>` (where the
 * provisioning action's Ingress puts each service), so a lease cannot show another site's address.
 */
function urls(
  value: unknown,
  environment: string,
  baseDomain: string,
): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('urls', 'must be an object of service name to URL');
  }
  const envHost = `${environment}.${baseDomain}`.toLocaleLowerCase('en-US');
  for (const [key, url] of Object.entries(value)) {
    if (!ownHostUrl(url, envHost)) {
      throw invalid(
        `urls.${key}`,
        `must be an https URL under the environment's own host, https://${envHost} or https://<service>.${envHost} (got ${JSON.stringify(
          url,
        )})`,
      );
    }
  }
  return value as Record<string, string>;
}

function ownHostUrl(url: unknown, envHost: string): boolean {
  if (typeof url !== 'string' || /\s/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (
    parsed.protocol !== 'https:' ||
    parsed.username ||
    parsed.password ||
    parsed.port
  ) {
    return false;
  }
  const host = parsed.hostname;
  if (host === envHost) return true;
  const label = host.slice(0, -(envHost.length + 1));
  return (
    host.endsWith(`.${envHost}`) &&
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)
  );
}

export function parseCreateRequest(
  body: unknown,
  rules: LifetimeRules,
  baseDomain: string,
): CreateInput {
  const b = object(body);
  const nameProblem = environmentNameProblem(b.name);
  if (nameProblem) throw breaksRule('name', nameProblem);
  if (!ENVIRONMENT_TYPES.includes(b.type as EnvironmentType)) {
    throw invalid(
      'type',
      `must be one of ${ENVIRONMENT_TYPES.join(', ')} (got ${JSON.stringify(
        b.type,
      )})`,
    );
  }
  const common = {
    name: b.name as string,
    ownerTeam: entityRef(b.ownerTeam, 'group', 'ownerTeam'),
    requestedBy:
      b.requestedBy === undefined
        ? undefined
        : entityRef(b.requestedBy, 'user', 'requestedBy'),
    provisioning: flag(b.provisioning, 'provisioning'),
    readyWhenHealthy: false,
  };
  if (b.type === SANDBOX_TYPE) return { ...common, ...sandbox(b) };
  if (isSandboxName(common.name)) {
    throw invalid(
      'name',
      `${common.name} starts with sandbox-, which only engineers' sandboxes use; pick another name`,
    );
  }
  if (b.ownerUser !== undefined) {
    throw invalid(
      'ownerUser',
      `is only for a sandbox (one engineer's own environment); a ${String(
        b.type,
      )} environment is owned by its ownerTeam, so leave ownerUser out`,
    );
  }
  const lifetimeDays = b.lifetimeDays ?? rules.defaultLifetimeDays;
  const daysProblem = lifetimeDaysProblem(lifetimeDays, rules);
  if (daysProblem) throw invalid('lifetimeDays', daysProblem);
  return {
    ...common,
    type: b.type as EnvironmentType,
    services: services(b.services),
    lifetimeDays: lifetimeDays as number,
    expiresAt: timestamp(b.expiresAt, 'expiresAt'),
    urls: urls(b.urls, b.name as string, baseDomain),
    ...healthWatch(b, common.provisioning),
  };
}

/** Whether Argo CD's health decides readiness, and the pull request to tell when it has. */
function healthWatch(
  b: Record<string, unknown>,
  provisioning: boolean,
): Pick<CreateInput, 'readyWhenHealthy' | 'pullRequestUrl'> {
  const readyWhenHealthy = flag(b.readyWhenHealthy, 'readyWhenHealthy');
  if (readyWhenHealthy && !provisioning) {
    throw invalid(
      'readyWhenHealthy',
      'needs provisioning: true: only a lease recorded before its delivery can wait for Argo CD',
    );
  }
  if (b.pullRequestUrl === undefined) return { readyWhenHealthy };
  if (!readyWhenHealthy) {
    throw invalid(
      'pullRequestUrl',
      'is only kept with readyWhenHealthy: true (the environments plugin comments when Argo CD reports the environment Healthy); otherwise comment yourself and leave it out',
    );
  }
  if (typeof b.pullRequestUrl !== 'string') {
    throw invalid('pullRequestUrl', "must be a pull request's address");
  }
  // Throws an InputError naming pullRequestUrl, with an example.
  parsePullRequestUrl(b.pullRequestUrl);
  return { readyWhenHealthy, pullRequestUrl: b.pullRequestUrl };
}

/**
 * A sandbox: its engineer (ownerUser), and nothing that only an ephemeral environment has — no
 * services, no URLs, no lifetime or expiry.
 */
function sandbox(
  b: Record<string, unknown>,
): Pick<CreateInput, 'type' | 'ownerUser' | 'services' | 'urls'> {
  const ownerUser = entityRef(b.ownerUser, 'user', 'ownerUser');
  for (const field of ['lifetimeDays', 'expiresAt'] as const) {
    if (b[field] !== undefined) {
      throw invalid(
        field,
        'must be left out: a sandbox has no expiry (offboarding its engineer tears it down)',
      );
    }
  }
  if (b.services !== undefined && !isEmptyList(b.services)) {
    throw invalid(
      'services',
      'must be empty or left out: a sandbox runs no services from the catalogue; its engineer deploys into it themselves',
    );
  }
  if (b.urls !== undefined && !isEmptyObject(b.urls)) {
    throw invalid(
      'urls',
      'must be empty or left out: a sandbox has no Ingress, so no URLs',
    );
  }
  return {
    type: SANDBOX_TYPE,
    ownerUser,
    services: [],
    urls: {},
  };
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

export function parseExtendDays(body: unknown, rules: LifetimeRules): number {
  const { days } = object(body);
  const problem = lifetimeDaysProblem(days, rules);
  if (problem) throw invalid('days', problem);
  return days as number;
}

export const ACTIVITY_KINDS = ['keep-alive', 'deploy'] as const;

export function parseActivityKind(body: unknown): string {
  const { kind = 'keep-alive' } = object(body ?? {});
  if (!ACTIVITY_KINDS.includes(kind as (typeof ACTIVITY_KINDS)[number])) {
    throw invalid(
      'kind',
      `must be one of ${ACTIVITY_KINDS.join(', ')} (got ${JSON.stringify(
        kind,
      )})`,
    );
  }
  return kind as string;
}

export type ListFilter = 'mine' | 'team' | 'all';

export function parseListQuery(query: Record<string, unknown>) {
  const filter = query.filter ?? 'all';
  if (filter !== 'mine' && filter !== 'team' && filter !== 'all') {
    throw invalid(
      'filter',
      `must be mine, team or all (got ${JSON.stringify(filter)})`,
    );
  }
  const includeDestroyed = query.includeDestroyed ?? 'false';
  if (includeDestroyed !== 'true' && includeDestroyed !== 'false') {
    throw invalid('includeDestroyed', 'must be true or false');
  }
  if (
    query.type !== undefined &&
    !ENVIRONMENT_TYPES.includes(query.type as EnvironmentType)
  ) {
    throw invalid(
      'type',
      `must be one of ${ENVIRONMENT_TYPES.join(', ')} (got ${JSON.stringify(
        query.type,
      )})`,
    );
  }
  return {
    filter: filter as ListFilter,
    includeDestroyed: includeDestroyed === 'true',
    entityRef:
      query.entityRef === undefined
        ? undefined
        : entityRef(query.entityRef, 'component', 'entityRef'),
    type: query.type as EnvironmentType | undefined,
    ownerUser:
      query.ownerUser === undefined
        ? undefined
        : entityRef(query.ownerUser, 'user', 'ownerUser'),
  };
}

function flag(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function timestamp(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date =
    // With a zone (Z or an offset): without one the server's own zone would be assumed.
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
      value,
    )
      ? new Date(value)
      : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw invalid(
      field,
      `must be an ISO 8601 timestamp with a zone, such as 2026-12-08T16:30:00Z (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  return date;
}
