import { Link, Progress } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { OnboardingRun } from '../../api';
import { useTaskProgress } from '../../hooks/useTaskProgress';
import { runStatusOf } from '../../lib/checklist';
import { errorMessage, formatDateTime } from '../../lib/format';
import { hireRouteRef, taskRouteRef } from '../../routes';
import { RunStatusChip } from './RunStatusChip';
import { TaskChecklist } from './TaskChecklist';

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
  person: { minWidth: 200 },
  checklist: { minWidth: 360 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export const DIRECTION_LABELS = { onboard: 'joining', offboard: 'leaving' };

/** Who a run is for: their name, else the identity provider's id. */
export function whoOf(run: OnboardingRun): string {
  return run.person?.name || run.idpUserId;
}

/** One run: the person, the direction, its state and its checklist, read live from its task. */
export function RunRow(props: { run: OnboardingRun; pollMs: number }) {
  const { run, pollMs } = props;
  const classes = useStyles();
  const taskLink = useRouteRef(taskRouteRef);
  const taskId = run.state === 'started' ? run.taskId : undefined;
  const progress = useTaskProgress(taskId, pollMs);
  const { task, checklist, retry, onRetry } = progress;

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
        {taskId && progress.loading && !task && <Progress />}
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
  const hireLink = useRouteRef(hireRouteRef);
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
        {run.kind === 'onboard' && hireLink ? (
          <Link to={hireLink({ idpUserId: run.idpUserId })}>
            <strong>{person.name}</strong>
          </Link>
        ) : (
          <strong>{person.name}</strong>
        )}
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
