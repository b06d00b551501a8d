/**
 * The records Runway's measured impact is computed from, as the impact backend gathers them from
 * the plugins that keep them: the scaffolder's tasks, the delivery follow-ups, the environments'
 * leases, onboarding's runs and the deployments GitHub reported. Dates are ISO 8601 strings;
 * teams are Group entity refs (`group:default/payments`).
 */

/** A scaffolder task, as the scaffolder keeps it. */
export interface RunRecord {
  taskId: string;
  /** The template's entity ref, e.g. `template:default/new-service`. */
  template: string;
  /** The team the run was for: its `owner` or `team` parameter. */
  team?: string;
  /** Who pressed Create: a User entity ref, or none for a run a backend plugin started. */
  createdBy?: string;
  createdAt: string;
  /** When the task reached its end (completed, failed or cancelled). */
  finishedAt?: string;
  status: string;
}

/** A new service's Terraform pull request, followed to its apply (the delivery plugin). */
export interface ProvisioningRecord {
  taskId: string;
  team: string;
  createdAt: string;
  appliedAt?: string;
}

/** An ephemeral environment's lease (the environments plugin). */
export interface EnvironmentLeaseRecord {
  name: string;
  team: string;
  /** `preview`, `feature`, … or `sandbox` (an engineer's own, which has no lifetime). */
  type: string;
  createdAt: string;
  /** The end of its lifetime as last extended. */
  expiresAt?: string;
  tornDownAt?: string;
  /** What the environment cost per hour while it ran. */
  hourlyRate: number;
}

/** An engineer's onboarding: from the HR event to their first deploy to staging. */
export interface HireRecord {
  team: string;
  /** When the HR event (or the first trigger of the person's onboarding) arrived. */
  hrEventAt: string;
  /** The onboarding golden path's task, once started. */
  taskId?: string;
  firstStagingDeployAt?: string;
}

/** A successful deployment GitHub reported (a `deployment_status` webhook with state success). */
export interface DeploymentRecord {
  /** `owner/repo`, lower-case. */
  repository: string;
  environment: string;
  at: string;
  /** The team that owns the repository's Component in the catalogue, when one does. */
  team?: string;
}

export interface ImpactRecords {
  runs: RunRecord[];
  provisioning: ProvisioningRecord[];
  environments: EnvironmentLeaseRecord[];
  hires: HireRecord[];
  deployments: DeploymentRecord[];
  /** The catalogue's people (User entity refs) and the teams each is a member of. */
  people: { ref: string; teams: string[] }[];
  /** The currency of environment costs. */
  currency: string;
}
