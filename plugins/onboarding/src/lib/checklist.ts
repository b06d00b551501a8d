/**
 * A run's checklist, derived from its scaffolder task and the task's log: each step's state as
 * the last event about it says, the error of a failed step, and the access pull request.
 */
import { OnboardingRun, ScaffolderTask, TaskEvent, TaskStatus } from '../api';

export type StepState =
  | 'done'
  | 'running'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  | 'not-started';

export interface ChecklistStep {
  id: string;
  name: string;
  state: StepState;
  /** A failed step's error, from its log (without the stack trace). */
  error?: string;
  /** The step that opens the access pull request: done means "waiting for it to merge". */
  opensPullRequest: boolean;
}

export interface Checklist {
  steps: ChecklistStep[];
  /** The access pull request, once opened (the task's output links, else the step's log). */
  pullRequestUrl?: string;
  /** The task's output links (only once it completed). */
  links: Array<{ title: string; url: string }>;
}

const STEP_STATES: Record<string, StepState> = {
  processing: 'running',
  completed: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** The onboarding template's `access` step, "Open the access pull request (…)", or offboarding's. */
export function opensPullRequest(step: { id: string; name: string }) {
  return step.id === 'access' || /^open the .*pull request/i.test(step.name);
}

export function checklistOf(
  task: ScaffolderTask,
  events: TaskEvent[],
): Checklist {
  const states = new Map<string, StepState>();
  const errors = new Map<string, string>();
  const prFromLog = new Map<string, string>();
  let links: Checklist['links'] = [];

  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    if (event.type === 'recovered') {
      // A Retry: the task runs again. What was done stays done until the step runs again; the
      // failed and the skipped steps are waiting once more.
      for (const [stepId, state] of states) {
        if (state !== 'done') states.delete(stepId);
      }
      errors.clear();
      links = [];
      continue;
    }
    if (event.type === 'completion') {
      links = (event.body?.output?.links ?? []).flatMap(link => {
        const url = safeUrl(link.url);
        return url ? [{ title: link.title ?? url, url }] : [];
      });
      continue;
    }
    const stepId = event.body?.stepId;
    if (event.type !== 'log' || typeof stepId !== 'string') continue;
    const message =
      typeof event.body?.message === 'string' ? event.body.message : '';
    const state = STEP_STATES[String(event.body?.status)];
    if (state) {
      states.set(stepId, state);
      if (state === 'failed') errors.set(stepId, errorOf(message));
      else errors.delete(stepId);
    } else {
      // terraform:pr:create logs "Pull request <url> is open".
      const opened = /Pull request (\S+) is open/.exec(stripAnsi(message));
      const url = opened && safeUrl(opened[1]);
      if (url) prFromLog.set(stepId, url);
    }
  }

  const steps = (task.spec?.steps ?? []).map(step => ({
    id: step.id,
    name: step.name ?? step.id,
    state: states.get(step.id) ?? 'not-started',
    error: errors.get(step.id),
    opensPullRequest: opensPullRequest(step),
  }));
  const prStep = steps.find(s => s.opensPullRequest);
  const pullRequestUrl =
    links.find(l => /pull request/i.test(l.title))?.url ??
    (prStep && prFromLog.get(prStep.id));
  return { steps, links, pullRequestUrl };
}

/** Whether the task may still change by itself (the page keeps polling it quickly). */
export function isTaskActive(status: TaskStatus | undefined): boolean {
  return status === 'open' || status === 'processing';
}

/** A failed step's log line is the error's stack: its message, without the frames and the name. */
export function errorOf(message: string): string {
  const lines = stripAnsi(message).split('\n');
  const frame = lines.findIndex(line => /^\s+at\s/.test(line));
  const text = (frame >= 0 ? lines.slice(0, frame) : lines).join('\n').trim();
  return text.replace(/^[A-Za-z]*Error: /, '') || 'The step failed.';
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** Only http(s) links from the API become hrefs (never `javascript:` and the like). */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

export type RunStatus =
  | 'received'
  | 'incomplete'
  | 'started'
  | 'queued'
  | 'in-progress'
  | 'done'
  | 'failed'
  | 'cancelled';

/** The run's state for the page: the run's own until it started, then its task's. */
export function runStatusOf(
  run: Pick<OnboardingRun, 'state'>,
  taskStatus?: TaskStatus,
): RunStatus {
  if (run.state !== 'started' || !taskStatus) return run.state;
  switch (taskStatus) {
    case 'open':
      return 'queued';
    case 'processing':
      return 'in-progress';
    case 'completed':
      return 'done';
    case 'failed':
      return 'failed';
    default:
      return 'cancelled';
  }
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  received: 'waiting to start',
  incomplete: 'incomplete',
  started: 'started',
  queued: 'queued',
  'in-progress': 'in progress',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};
