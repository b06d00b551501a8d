import { Link } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import DoneIcon from '@material-ui/icons/CheckCircle';
import FailedIcon from '@material-ui/icons/Error';
import NotStartedIcon from '@material-ui/icons/RadioButtonUnchecked';
import SkippedIcon from '@material-ui/icons/RemoveCircleOutline';
import WaitingIcon from '@material-ui/icons/Schedule';
import Alert from '@material-ui/lab/Alert';
import { ScaffolderTask } from '../../api';
import { RetryState } from '../../hooks/useTaskProgress';
import { Checklist, ChecklistStep, StepState } from '../../lib/checklist';

const useStyles = makeStyles(theme => ({
  list: { paddingTop: 0, paddingBottom: 0 },
  icon: { minWidth: 32 },
  done: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  waiting: { color: theme.palette.warning.main },
  idle: { color: theme.palette.text.secondary },
  error: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    color: theme.palette.error.main,
  },
  // Room for the Retry button on the right of a failed step.
  withAction: { paddingRight: 96 },
}));

export const STEP_STATE_LABELS: Record<StepState, string> = {
  done: 'done',
  running: 'running',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  'not-started': 'not started',
};

/** Shown for the access step once done: merging the pull request grants (or revokes) the access. */
export const WAITING_FOR_MERGE = 'waiting for the pull request to merge';
/** Shown instead once the "access granted" milestone says it merged. */
export const MERGED = 'the pull request merged';

export type { RetryState } from '../../hooks/useTaskProgress';

/**
 * The task's steps, each with its live state: done ✓, running, failed with its error and Retry
 * (while the task has failed), not started; the access step, once done, waits for its pull
 * request to merge.
 */
export function TaskChecklist(props: {
  /** Whose checklist, for its accessible name. */
  who: string;
  task: ScaffolderTask;
  checklist: Checklist;
  retry: RetryState;
  onRetry(): void;
  /** The access pull request merged (a milestone says so); unknown on the New hires list. */
  merged?: boolean;
}) {
  const { who, task, checklist, retry, onRetry, merged = false } = props;
  const classes = useStyles();
  const canRetry = task.status === 'failed';
  const retryButton = (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      disabled={retry.pending}
      onClick={onRetry}
    >
      {retry.pending ? 'Retrying…' : 'Retry'}
    </Button>
  );
  const failedStepShown = checklist.steps.some(s => s.state === 'failed');
  return (
    <>
      <List dense className={classes.list} aria-label={`Checklist of ${who}`}>
        {checklist.steps.map(step => {
          const withRetry = step.state === 'failed' && canRetry;
          return (
            <ListItem
              key={step.id}
              disableGutters
              className={withRetry ? classes.withAction : undefined}
            >
              <ListItemIcon className={classes.icon}>
                <StepIcon step={step} merged={merged} />
              </ListItemIcon>
              <ListItemText
                primary={step.name}
                secondary={
                  <StepDetails
                    step={step}
                    pullRequestUrl={checklist.pullRequestUrl}
                    merged={merged}
                  />
                }
                secondaryTypographyProps={{ component: 'div' }}
              />
              {withRetry && (
                <ListItemSecondaryAction>{retryButton}</ListItemSecondaryAction>
              )}
            </ListItem>
          );
        })}
      </List>
      {canRetry && !failedStepShown && (
        <Typography variant="body2" component="div" className={classes.error}>
          The task failed outside its steps; the full log says why.{' '}
          {retryButton}
        </Typography>
      )}
      {retry.error && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          Could not retry: {retry.error}
        </Alert>
      )}
    </>
  );
}

function StepIcon({ step, merged }: { step: ChecklistStep; merged: boolean }) {
  const classes = useStyles();
  switch (step.state) {
    case 'done':
      return step.opensPullRequest && !merged ? (
        <WaitingIcon className={classes.waiting} fontSize="small" />
      ) : (
        <DoneIcon className={classes.done} fontSize="small" />
      );
    case 'running':
      return <CircularProgress size={16} aria-label={`${step.name} running`} />;
    case 'failed':
      return <FailedIcon className={classes.failed} fontSize="small" />;
    case 'skipped':
    case 'cancelled':
      return <SkippedIcon className={classes.idle} fontSize="small" />;
    default:
      return <NotStartedIcon className={classes.idle} fontSize="small" />;
  }
}

function StepDetails(props: {
  step: ChecklistStep;
  pullRequestUrl?: string;
  merged: boolean;
}) {
  const { step, pullRequestUrl, merged } = props;
  const classes = useStyles();
  if (step.state === 'done' && step.opensPullRequest) {
    return (
      <span>
        <span className={classes.done}>✓ done</span>,{' '}
        {merged ? MERGED : WAITING_FOR_MERGE}
        {pullRequestUrl && (
          <>
            :{' '}
            <Link to={pullRequestUrl} target="_blank" rel="noopener noreferrer">
              Access pull request
            </Link>
          </>
        )}
      </span>
    );
  }
  return (
    <>
      <span className={step.state === 'done' ? classes.done : undefined}>
        {step.state === 'done' ? '✓ ' : ''}
        {STEP_STATE_LABELS[step.state]}
      </span>
      {step.state === 'failed' && step.error && (
        <div className={classes.error}>{step.error}</div>
      )}
    </>
  );
}
