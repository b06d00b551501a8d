/**
 * What the page says, apart from the data: shared with its tests and the Chromium test
 * (tests/catalogDrift.test.mts), which imports this file with Node's type stripping, so it holds
 * no JSX and imports types only.
 */
import type { DriftKind } from '@runway/plugin-catalog-drift-common';

export const COLUMNS = [
  'Entity',
  'Kind',
  'Problem',
  'Fix',
  'First seen',
  'Last seen',
];

export const PLATFORM_ONLY_MESSAGE =
  "Only the platform team reads the catalogue drift: it names every team's repositories, private ones included. Ask the platform team about an entity's owner or repository.";

/** Entities the last check could not decide: the report is not complete. */
export const undecidedMessage = (count: number) =>
  `${count} ${
    count === 1 ? 'entity' : 'entities'
  } could not be checked (GitHub did not answer for their repository, or the check stopped asking it); their earlier results stand until a check decides them.`;

export const NO_DRIFT_MESSAGE =
  'No drift: every owner, repository and catalog-info.yaml is where the catalogue says';

export const KIND_LABELS: Record<DriftKind, string> = {
  'owner-missing': 'owner missing',
  'repository-missing': 'repository missing',
  'catalog-info-missing': 'catalog-info.yaml missing',
  'repository-moved': 'repository moved',
  'repository-archived': 'repository archived',
};
