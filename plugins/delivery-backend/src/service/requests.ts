/**
 * Validation of what callers send. Every refusal is an InputError (400) whose message starts with
 * the field at fault and says what would be accepted.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  FOLLOWUP_STATES,
  FollowupState,
  NewFollowupRequest,
} from '@runway/plugin-delivery-common';

export const invalid = (field: string, problem: string) =>
  new InputError(`${field}: ${problem}`);

const SERVICE = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function str(body: Record<string, unknown>, field: string, max = 1024) {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(field, 'is required, a non-empty string');
  }
  if (value.length > max)
    throw invalid(field, `is longer than ${max} characters`);
  return value.trim();
}

function httpUrl(body: Record<string, unknown>, field: string) {
  const value = str(body, field);
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw invalid(field, `must be an http(s) URL, got "${value.slice(0, 80)}"`);
  }
  return value;
}

function ref(
  value: string,
  field: string,
  kind: string,
  example: string,
): string {
  try {
    const parsed = parseEntityRef(value, { defaultKind: kind });
    if (parsed.kind.toLocaleLowerCase('en-US') !== kind) throw new Error();
    return stringifyEntityRef(parsed);
  } catch {
    throw invalid(field, `must be a ${kind} entity ref such as ${example}`);
  }
}

/** The body of POST /followups, as the `provisioning:followup:create` step sends it. */
export function parseNewFollowup(body: unknown): NewFollowupRequest {
  if (!body || typeof body !== 'object') {
    throw invalid('body', 'must be a JSON object describing the follow-up');
  }
  const b = body as Record<string, unknown>;
  const service = str(b, 'service', 63);
  if (!SERVICE.test(service)) {
    throw invalid(
      'service',
      'must be a DNS label: lower-case letters, digits and dashes',
    );
  }
  const platformConfigRepo = str(b, 'platformConfigRepo', 255);
  if (!REPO.test(platformConfigRepo)) {
    throw invalid(
      'platformConfigRepo',
      'must read owner/repo, e.g. acme/platform-config',
    );
  }
  const number = b.pullRequestNumber;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw invalid(
      'pullRequestNumber',
      'must be the pull request number, a positive integer',
    );
  }
  const branch = b.branch === undefined ? undefined : str(b, 'branch', 255);
  return {
    service,
    entityRef: ref(
      str(b, 'entityRef', 255),
      'entityRef',
      'component',
      'component:default/checkout-api',
    ),
    repositoryUrl: httpUrl(b, 'repositoryUrl'),
    platformConfigRepo,
    pullRequestNumber: number,
    pullRequestUrl: httpUrl(b, 'pullRequestUrl'),
    ...(branch && { branch }),
    requester: ref(
      str(b, 'requester', 255),
      'requester',
      'user',
      'user:default/jane',
    ),
    ownerTeam: ref(
      str(b, 'ownerTeam', 255),
      'ownerTeam',
      'group',
      'group:default/payments',
    ),
    taskId: str(b, 'taskId', 64),
  };
}

export function parseStateFilter(value: unknown): FollowupState | undefined {
  if (value === undefined) return undefined;
  if (!FOLLOWUP_STATES.includes(value as FollowupState)) {
    throw invalid('state', `must be one of ${FOLLOWUP_STATES.join(', ')}`);
  }
  return value as FollowupState;
}

/** `/by-entity/:kind/:namespace/:name` as an entity ref. */
export function entityRefOf(params: Record<string, string>): string {
  const { kind, namespace, name } = params;
  if (![kind, namespace, name].every(p => /^[A-Za-z0-9_.:-]{1,253}$/.test(p))) {
    throw invalid(
      'entity',
      'must be /by-entity/<kind>/<namespace>/<name>, e.g. /by-entity/component/default/checkout-api',
    );
  }
  return stringifyEntityRef({ kind, namespace, name }).toLocaleLowerCase(
    'en-US',
  );
}
