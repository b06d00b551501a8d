/**
 * The flags of `runway deploy`: each value is checked before anything is read or written, and a
 * mistake is a UsageError naming the flag and what to give instead.
 */
import { UsageError } from '../args';

export const STAGES = ['staging', 'production'] as const;
export type Stage = (typeof STAGES)[number];

/** Runway's service name: a DNS label of at most 40 characters (the new-service form's rule). */
const SERVICE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** An OCI tag (distribution spec): a word character, then up to 127 of [A-Za-z0-9_.-]. */
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const REPO = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

export function parseService(value: string | undefined): string {
  if (value === undefined)
    throw new UsageError(
      '--service is required: give the service name, e.g. --service payments-api.',
    );
  if (value.length > 40 || !SERVICE.test(value))
    throw new UsageError(
      `--service ${JSON.stringify(
        value,
      )} is not a service name: use lower-case letters, digits and dashes, starting with a letter, at most 40 characters (e.g. payments-api).`,
    );
  return value;
}

export function parseStage(value: string | undefined): Stage {
  if ((STAGES as readonly (string | undefined)[]).includes(value))
    return value as Stage;
  throw new UsageError(
    value === undefined
      ? '--stage is required: give --stage staging or --stage production.'
      : `--stage ${JSON.stringify(
          value,
        )} is not a stage: use staging or production.`,
  );
}

export function parseImageTag(value: string | undefined): string {
  if (value === undefined)
    throw new UsageError(
      '--image-tag is required: give the tag CI pushed, e.g. --image-tag "$GITHUB_SHA".',
    );
  if (!OCI_TAG.test(value))
    throw new UsageError(
      `--image-tag ${JSON.stringify(
        value,
      )} is not a valid image tag: use up to 128 letters, digits, _, . and -, not starting with . or - (e.g. a commit SHA).`,
    );
  return value;
}

export function parseRepo(value: string | undefined): {
  owner: string;
  repo: string;
} {
  const given = value ?? 'acme/platform-config';
  if (!REPO.test(given))
    throw new UsageError(
      `--repo ${JSON.stringify(
        given,
      )} is not owner/name: give the platform-config repository, e.g. --repo acme/platform-config.`,
    );
  const [owner, repo] = given.split('/');
  return { owner, repo };
}
