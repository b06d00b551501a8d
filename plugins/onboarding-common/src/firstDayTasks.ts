/**
 * The first-day tasks: listed in the welcome e-mail and ticked off by the hire on their new-hire
 * page. One config key (`runway.onboarding.email.firstDayTasks`), read here for both.
 */

export const FIRST_DAY_TASKS_CONFIG_KEY =
  'runway.onboarding.email.firstDayTasks';

export const DEFAULT_FIRST_DAY_TASKS = [
  'Sign in with your company account and set up multi-factor authentication.',
  'Set up your laptop with your manager.',
  'Open your new-hire page in Runway and check that your accounts are ready.',
  "Say hello in your team's chat channel.",
];

/** The longest task a page or an e-mail shows whole. */
export const FIRST_DAY_TASK_MAX_LENGTH = 300;
export const FIRST_DAY_TASKS_MAX = 30;

/** A first-day task as the new-hire page shows it. */
export interface FirstDayTask {
  /** Its place in the list, from 0: what a tick names. */
  position: number;
  title: string;
  /** When it was ticked off (ISO 8601); absent while it is open. */
  doneAt?: string;
  /** Who ticked it off (a User entity ref). */
  doneBy?: string;
}

/** What reading the key needs of a config (Backstage's `Config` has it). */
export interface StringArrayConfig {
  getOptionalStringArray(key: string): string[] | undefined;
}

/**
 * The configured first-day tasks, or the defaults. A key that is set but wrong stops the backend
 * with the key's name and what to change.
 */
export function readFirstDayTasks(config: StringArrayConfig): string[] {
  const tasks = config.getOptionalStringArray(FIRST_DAY_TASKS_CONFIG_KEY);
  if (tasks === undefined) return DEFAULT_FIRST_DAY_TASKS;
  if (tasks.length > FIRST_DAY_TASKS_MAX) {
    throw new Error(
      `${FIRST_DAY_TASKS_CONFIG_KEY} lists ${tasks.length} tasks; keep it to ${FIRST_DAY_TASKS_MAX} or fewer (a first day has room for a few).`,
    );
  }
  return tasks.map((task, i) => {
    const title = task.trim();
    if (!title || title.length > FIRST_DAY_TASK_MAX_LENGTH) {
      throw new Error(
        `${FIRST_DAY_TASKS_CONFIG_KEY}[${i}] must be a task of 1 to ${FIRST_DAY_TASK_MAX_LENGTH} characters; got ${JSON.stringify(
          task.length > 40 ? `${task.slice(0, 40)}…` : task,
        )}.`,
      );
    }
    return title;
  });
}
