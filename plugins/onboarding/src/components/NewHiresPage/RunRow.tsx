import { Link, Progress } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useCallback, useMemo, useRef, useState } from 'react';
import { OnboardingRun, onboardingApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { checklistOf, isTaskActive, runStatusOf } from '../../lib/checklist';
import { errorMessage, formatDateTime } from '../../lib/format';
import { taskRouteRef } from '../../routes';
import { RunStatusChip } from './RunStatusChip';
import { RetryState, TaskChecklist } from './TaskChecklist';

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
  person: { minWidth: 200 },
  checklist: { minWidth: 360 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export const DIRECTION_LABELS = { onboard: 'joining', offboard: 'leaving' };

/** A failed task is read again every this many polls, so a Retry from its own page shows. */
const ENDED_TASK_SLOWDOWN = 10;

/** Who a run is for: their name, else the identity provider's id. */
export function whoOf(run: OnboardingRun): string {
  return run.person?.name || run.idpUserId;
}

/** One run: the person, the direction, its state and its checklist, read live from its task. */
export function RunRow(props: { run: OnboardingRun; pollMs: number }) {
  const { run, pollMs } = props;
  const classes = useStyles();
  const api = useApi(onboardingApiRef);
  const taskLink = useRouteRef(taskRouteRef);
  const taskId = run.state === 'started' ? run.taskId : undefined;

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
  const task = progress.value?.task;
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

  const who = whoOf(run);
  return (
    <TableRow>
      <TableCell className={classes.person}>
        <Person run={run} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {DIRECTION_LABELS[run.kind] ?? run.kind}
      </TableCell>
      <TableCell className={classes.nowrap}>
        <RunStatusChip status={runStatusOf(run, task?.status)} />
        <Typography variant="caption" component="div" color="textSecondary">
          received {formatDateTime(run.createdAt)}
        </Typography>
      </TableCell>
      <TableCell className={classes.checklist}>
        {run.state === 'incomplete' && (
          <Alert severity="warning">
            <AlertTitle>What to set</AlertTitle>
            <span className={classes.text}>
              {run.lastError ??
                'The person lacks something the golden path needs.'}
            </span>
          </Alert>
        )}
        {run.state === 'received' && (
          <Typography variant="body2" className={classes.text}>
            Waiting for a worker to read the person and start the checklist.
            {run.lastError && ` Last attempt: ${run.lastError}`}
          </Typography>
        )}
        {run.state === 'started' && !taskId && (
          <Typography variant="body2">Started, without a task id.</Typography>
        )}
        {taskId && progress.loading && !progress.value && <Progress />}
        {taskId && progress.error && (
          <Alert severity="error">
            Could not read task {taskId}: {errorMessage(progress.error)}
          </Alert>
        )}
        {task && checklist && (
          <TaskChecklist
            who={who}
            task={task}
            checklist={checklist}
            retry={retry}
            onRetry={onRetry}
          />
        )}
        {taskId && taskLink && (
          <Typography variant="body2">
            <Link to={taskLink({ taskId })}>Full task log</Link>
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

function Person({ run }: { run: OnboardingRun }) {
  const classes = useStyles();
  const { person } = run;
  if (!person) {
    return (
      <>
        <Typography variant="body2">
          <code>{run.idpUserId}</code>
        </Typography>
        <Typography variant="caption" color="textSecondary">
          not read from the identity provider yet
        </Typography>
      </>
    );
  }
  return (
    <>
      <Typography variant="body2">
        <strong>{person.name}</strong>
      </Typography>
      <Typography variant="body2" component="div">
        <code className={classes.nowrap}>{person.githubLogin}</code> ·{' '}
        <Team team={person.team} />
      </Typography>
      {run.kind === 'onboard' && person.startDate && (
        <Typography variant="caption" color="textSecondary">
          first day {person.startDate}
        </Typography>
      )}
    </>
  );
}

/** The team as a link to its Group, or as text when it is not an entity reference. */
function Team({ team }: { team: string }) {
  try {
    const ref = parseEntityRef(team, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return <EntityRefLink entityRef={ref} defaultKind="group" />;
  } catch {
    return <>{team}</>;
  }
}
