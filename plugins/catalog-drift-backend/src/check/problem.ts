import { DriftKind } from '@runway/plugin-catalog-drift-common';

/** A problem one check found (the store adds when it was first and last seen). */
export interface FoundProblem {
  kind: DriftKind;
  entityRef: string;
  message: string;
  fix: string;
}

/** What one run of the check found. */
export interface CheckOutcome {
  problems: FoundProblem[];
  /**
   * Problems (by `problemKey`) the run could not decide, e.g. GitHub answered 500 for that
   * repository: they stay as they were rather than disappear.
   */
  undecided: string[];
  /** Why those are undecided, one sentence each, for the report. */
  reasons: string[];
  /** How many entities were read. */
  entities: number;
}

/** `<kind> <entityRef>`: kinds have no space, so undecidedEntities can split it again. */
export const problemKey = (p: { kind: DriftKind; entityRef: string }) =>
  `${p.kind} ${p.entityRef}`;

/** How many entities the run could not decide (one repository undecides two of its problems). */
export const undecidedEntities = (outcome: Pick<CheckOutcome, 'undecided'>) =>
  new Set(outcome.undecided.map(key => key.slice(key.indexOf(' ') + 1))).size;
