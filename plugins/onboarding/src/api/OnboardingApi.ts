import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  FirstDayTask,
  Milestone,
  Person,
} from '@runway/plugin-onboarding-common';

export type { FirstDayTask, Milestone } from '@runway/plugin-onboarding-common';

/** onboard: someone joins; offboard: someone leaves. */
export type RunKind = 'onboard' | 'offboard';

/**
 * received: waiting for a worker to read the person and start the task;
 * incomplete: the person lacks something (`lastError` says what to set);
 * started: the scaffolder task exists (`taskId`).
 */
export type RunState = 'received' | 'incomplete' | 'started';

/** One onboarding or offboarding run, as `GET /api/onboarding/runs` answers it. */
export interface OnboardingRun {
  id: string;
  idpUserId: string;
  kind: RunKind;
  source: string;
  state: RunState;
  person?: Person;
  taskId?: string;
  lastError?: string;
  attempts: number;
  createdAt: string;
  startedAt?: string;
}

export type TaskStatus =
  | 'open'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'skipped';

/** The part of a scaffolder task (`GET /api/scaffolder/v2/tasks/<id>`) the page reads. */
export interface ScaffolderTask {
  id: string;
  status: TaskStatus;
  createdAt?: string;
  spec: {
    steps: Array<{ id: string; name: string; action?: string }>;
    templateInfo?: { entityRef?: string };
  };
}

export type StepStatus =
  | 'processing'
  | 'completed'
  | 'failed'
  | 'skipped'
  | 'cancelled';

/** One event of a task's log (`GET /api/scaffolder/v2/tasks/<id>/events`). */
export interface TaskEvent {
  id: number;
  taskId?: string;
  type: 'log' | 'completion' | 'cancelled' | 'recovered' | string;
  createdAt: string;
  body?: {
    message?: string;
    stepId?: string;
    status?: StepStatus | string;
    output?: {
      links?: Array<{ title?: string; url?: string; entityRef?: string }>;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
}

/** One hire's page (`GET /api/onboarding/hires/<idpUserId>`): their onboarding, tasks, milestones. */
export interface NewHire {
  run: OnboardingRun;
  firstDayTasks: FirstDayTask[];
  /** Every milestone, in order; those not reached yet have no `reachedAt`. */
  milestones: Milestone[];
}

/** What the New hires page reads and does: the onboarding backend's runs and their tasks. */
export interface OnboardingApi {
  /** The runs, newest first; refused (403) to anyone but the platform team. */
  listRuns(): Promise<OnboardingRun[]>;
  getTask(taskId: string): Promise<ScaffolderTask>;
  getTaskEvents(taskId: string): Promise<TaskEvent[]>;
  /** Runs a failed task again from its failed step (the scaffolder's Retry). */
  retryTask(taskId: string): Promise<void>;
  /** A hire's page: the hire themselves and the platform team read it (403 for anyone else). */
  getNewHire(idpUserId: string): Promise<NewHire>;
  /** Ticks a first-day task off (`done`) or opens it again; answers the task as it now is. */
  setFirstDayTask(
    idpUserId: string,
    position: number,
    done: boolean,
  ): Promise<FirstDayTask>;
  /** A team's standup rotation, in order; anyone signed in reads it. */
  getRotation(team: {
    namespace: string;
    name: string;
  }): Promise<RotationMember[]>;
}

/** One place in a team's standup rotation (`GET /api/onboarding/rotations/<ns>/<name>`). */
export interface RotationMember {
  email: string;
  name: string;
  position: number;
  joinedAt: string;
}

export const onboardingApiRef = createApiRef<OnboardingApi>().with({
  id: 'plugin.onboarding.api',
  pluginId: 'onboarding',
});
