/**
 * A hire's milestones, each with its lead time from the identity provider's or HR system's event
 * that started the run: what the "from the HR event to deploying to staging" measures.
 */

export const MILESTONE_KINDS = [
  'access-granted',
  'sandbox-ready',
  'first-pr',
  'first-staging-deploy',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Each milestone's name, and what reaching it means. */
export const MILESTONES: Record<
  MilestoneKind,
  { title: string; when: string }
> = {
  'access-granted': {
    title: 'Access granted',
    when: 'the access pull request merged',
  },
  'sandbox-ready': {
    title: 'Sandbox ready',
    when: 'their sandbox environment became active',
  },
  'first-pr': {
    title: 'First pull request',
    when: 'they opened their first pull request in the organisation',
  },
  'first-staging-deploy': {
    title: 'First deploy to staging',
    when: 'a deployment they made to staging succeeded',
  },
};

/** A milestone as the new-hire page shows it. */
export interface Milestone {
  kind: MilestoneKind;
  /** When it happened, by the event's own time (ISO 8601); absent until it is reached. */
  reachedAt?: string;
  /** From the run's first event to `reachedAt`. */
  leadTimeMs?: number;
  /** Where it shows: the pull request, the deployment. */
  url?: string;
  /** What reached it, e.g. `acme/checkout-api#12`. */
  detail?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A lead time as people say it: "under a minute", "12 min", "1 h 12 min", "3 d 4 h". */
export function formatLeadTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours ? `${days} d ${hours} h` : `${days} d`;
}
