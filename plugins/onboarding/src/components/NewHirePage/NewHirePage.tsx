import { Content, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback } from 'react';
import { useParams } from 'react-router-dom';
import {
  NewHire,
  OnboardingRequestError,
  OnboardingRun,
  onboardingApiRef,
} from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { useTaskProgress } from '../../hooks/useTaskProgress';
import { runStatusOf } from '../../lib/checklist';
import { errorMessage, formatDateTime } from '../../lib/format';
import { taskRouteRef } from '../../routes';
import { RunStatusChip } from '../NewHiresPage/RunStatusChip';
import { TaskChecklist } from '../NewHiresPage/TaskChecklist';
import { FirstDayTasks } from './FirstDayTasks';
import { Milestones } from './Milestones';

/** How often the page is read again: milestones arrive by webhook, tasks may be ticked elsewhere. */
export const HIRE_POLL_MS = 10_000;

const statusOf = (error?: Error) =>
  error instanceof OnboardingRequestError ? error.status : undefined;

/**
 * One hire's page, which the welcome e-mail links to: their first-day tasks to tick off, their
 * milestones with lead times from the event that started the onboarding, and (for whoever may read
 * the task: the platform team) the onboarding's checklist, live.
 */
export function NewHirePage(props: { pollMs?: number }) {
  const pollMs = props.pollMs ?? HIRE_POLL_MS;
  const { idpUserId = '' } = useParams();
  const api = useApi(onboardingApiRef);
  const load = useCallback(() => api.getNewHire(idpUserId), [api, idpUserId]);
  // A refusal or a hire nobody has will not change by asking again; anything else might.
  const hire = usePolling(load, (_, error) =>
    [403, 404].includes(statusOf(error) ?? 0) ? undefined : pollMs,
  );
  const refused = [403, 404].includes(statusOf(hire.error) ?? 0);

  return (
    <Content>
      {hire.error && (
        <Alert
          severity={refused ? 'info' : 'error'}
          style={{ marginBottom: 16 }}
        >
          {refused
            ? hire.error.message
            : `Could not read this new-hire page: ${errorMessage(hire.error)}`}
        </Alert>
      )}
      {hire.loading && !hire.value && <Progress />}
      {hire.value && !refused && (
        <HireDetails hire={hire.value} pollMs={pollMs} refresh={hire.refresh} />
      )}
    </Content>
  );
}

function HireDetails(props: {
  hire: NewHire;
  pollMs: number;
  refresh(): Promise<void>;
}) {
  const { hire, pollMs, refresh } = props;
  const { run } = hire;
  const name = run.person?.name || run.idpUserId;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="h4" component="h2">
          Welcome, {name}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {run.person?.startDate && `First day ${run.person.startDate} · `}
          onboarding started {formatDateTime(run.createdAt)}; lead times are
          counted from then.
        </Typography>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="First-day tasks">
          <FirstDayTasks
            idpUserId={run.idpUserId}
            tasks={hire.firstDayTasks}
            onChanged={refresh}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Milestones">
          <Milestones milestones={hire.milestones} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Checklist">
          <RunChecklist
            run={run}
            pollMs={pollMs}
            merged={hire.milestones.some(
              m => m.kind === 'access-granted' && m.reachedAt,
            )}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The onboarding's steps, live, for whoever may read its task (the platform team). */
function RunChecklist(props: {
  run: OnboardingRun;
  pollMs: number;
  /** The access pull request merged (the "access granted" milestone). */
  merged: boolean;
}) {
  const { run, pollMs, merged } = props;
  const taskLink = useRouteRef(taskRouteRef);
  const taskId = run.state === 'started' ? run.taskId : undefined;
  const progress = useTaskProgress(taskId, pollMs);
  if (!taskId) {
    return (
      <Typography variant="body2">
        {run.state === 'incomplete'
          ? 'The onboarding is waiting for the person’s details to be completed at the identity provider.'
          : 'The onboarding has not started its steps yet.'}
      </Typography>
    );
  }
  if (statusOf(progress.error) === 403 || statusOf(progress.error) === 404) {
    return (
      <Typography variant="body2">
        The platform team follows the onboarding’s steps; your accounts are
        ready when the milestones above say so.
      </Typography>
    );
  }
  return (
    <>
      <RunStatusChip status={runStatusOf(run, progress.task?.status)} />
      {progress.loading && !progress.task && <Progress />}
      {progress.error && (
        <Alert severity="error">
          Could not read task {taskId}: {errorMessage(progress.error)}
        </Alert>
      )}
      {progress.task && progress.checklist && (
        <TaskChecklist
          who={run.person?.name || run.idpUserId}
          task={progress.task}
          checklist={progress.checklist}
          retry={progress.retry}
          onRetry={progress.onRetry}
          merged={merged}
        />
      )}
      {taskLink && (
        <Typography variant="body2">
          <Link to={taskLink({ taskId })}>Full task log</Link>
        </Typography>
      )}
    </>
  );
}
