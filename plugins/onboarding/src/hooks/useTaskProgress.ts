import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useMemo, useRef, useState } from 'react';
import { onboardingApiRef } from '../api';
import { checklistOf, isTaskActive } from '../lib/checklist';
import { errorMessage } from '../lib/format';
import { usePolling } from './usePolling';

/** A failed task is read again every this many polls, so a Retry from its own page shows. */
const ENDED_TASK_SLOWDOWN = 10;

export interface RetryState {
  pending: boolean;
  error?: string;
}

/**
 * A run's scaffolder task, read live: the task, its checklist, and Retry on a failed step. Polls
 * every `pollMs` while the task runs, slower once it failed, not at all once it completed.
 */
export function useTaskProgress(taskId: string | undefined, pollMs: number) {
  const api = useApi(onboardingApiRef);
  // A task not picked up yet has no events, and the events endpoint waits for the first one (up
  // to 30 s): read them once the task runs, or once it has had some (a retried task is open again).
  const hadEvents = useRef(false);
  const load = useCallback(async () => {
    if (!taskId) return undefined;
    const task = await api.getTask(taskId);
    const events =
      task.status === 'open' && !hadEvents.current
        ? []
        : await api.getTaskEvents(taskId);
    if (events.length > 0) hadEvents.current = true;
    return { task, events };
  }, [api, taskId]);
  const progress = usePolling(load, (value, error) => {
    if (!taskId) return undefined;
    if (error || !value || isTaskActive(value.task.status)) return pollMs;
    // Done for good; a failed or cancelled one may be retried from its own page.
    if (value.task.status === 'completed') return undefined;
    return pollMs * ENDED_TASK_SLOWDOWN;
  });
  const checklist = useMemo(
    () =>
      progress.value && checklistOf(progress.value.task, progress.value.events),
    [progress.value],
  );

  const [retry, setRetry] = useState<RetryState>({ pending: false });
  const retrying = useRef(false);
  const { refresh } = progress;
  const onRetry = useCallback(async () => {
    // A ref, so a double click before React re-renders sends one retry.
    if (!taskId || retrying.current) return;
    retrying.current = true;
    setRetry({ pending: true });
    try {
      await api.retryTask(taskId);
      // Pending until the task is read again: the failed state it answered is gone by then.
      await refresh();
      setRetry({ pending: false });
    } catch (error) {
      setRetry({ pending: false, error: errorMessage(error) });
      refresh();
    } finally {
      retrying.current = false;
    }
  }, [api, taskId, refresh]);

  return {
    task: progress.value?.task,
    checklist,
    loading: progress.loading,
    error: progress.error,
    retry,
    onRetry,
  };
}
