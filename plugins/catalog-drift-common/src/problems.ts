/**
 * What the drift check reports. Kinds:
 * - `owner-missing`: `spec.owner` names no Group or User in the catalogue;
 * - `repository-missing`: the Component's GitHub repository does not exist (or Runway cannot see it);
 * - `catalog-info-missing`: the repository exists but no longer has the file the Component was
 *   registered from;
 * - `repository-moved`: GitHub answers for the repository under another name (renamed or
 *   transferred), so the catalogue's URLs lead through a redirect that ends when the name is reused;
 * - `repository-archived`: the repository is archived (read-only): the service is likely retired.
 */
export const DRIFT_KINDS = [
  'owner-missing',
  'repository-missing',
  'catalog-info-missing',
  'repository-moved',
  'repository-archived',
] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One problem, as the API returns it. */
export interface DriftProblem {
  kind: DriftKind;
  /** The entity it is about, e.g. `component:default/cart-service`. */
  entityRef: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it, in one sentence. */
  fix: string;
  /** ISO timestamps: when a check first found it, and when a check last found it. */
  firstSeenAt: string;
  lastSeenAt: string;
}

/** `GET /api/catalog-drift/problems`. */
export interface DriftReport {
  /** When the last complete check finished; undefined before the first one. */
  checkedAt?: string;
  /**
   * Entities that check could not decide (GitHub did not answer for their repository): their
   * earlier results stand, so the report is complete only when this is 0.
   */
  undecided?: number;
  /**
   * Why that check left entities undecided, one sentence each (e.g. it stopped asking GitHub to keep
   * the rate-limit reserve for the golden paths); empty when it decided everything.
   */
  undecidedReasons?: string[];
  problems: DriftProblem[];
}

/** Whether `value` is a kind the check reports (for validating a `kind` filter). */
export function isDriftKind(value: unknown): value is DriftKind {
  return (DRIFT_KINDS as readonly unknown[]).includes(value);
}
