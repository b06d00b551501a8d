import { Content, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useMemo } from 'react';
import { OnboardingRequestError, onboardingApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { errorMessage } from '../../lib/format';
import { NEW_HIRES_COLUMNS } from './columns';
import { RunRow } from './RunRow';

/** How often the runs, and each running task, are read again. */
export const POLL_MS = 3_000;

export const PLATFORM_ONLY_MESSAGE =
  'Only the platform team sees onboarding runs: they hold personal data (who is joining or leaving, their e-mail and first day). Ask the platform team about a new hire.';

const isForbidden = (error?: Error) =>
  error instanceof OnboardingRequestError && error.status === 403;

/**
 * Everyone joining or leaving, newest first: who, which way, the run's state, and its checklist
 * (each step of its task, live; what to set when the person is incomplete; Retry on a failed step).
 */
export function NewHiresPage(props: { pollMs?: number }) {
  const pollMs = props.pollMs ?? POLL_MS;
  const api = useApi(onboardingApiRef);
  const load = useCallback(() => api.listRuns(), [api]);
  // A refusal will not change by asking again; anything else might.
  const runs = usePolling(load, (_, error) =>
    isForbidden(error) ? undefined : pollMs,
  );
  const sorted = useMemo(
    () =>
      runs.value &&
      [...runs.value].sort(
        (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
      ),
    [runs.value],
  );

  return (
    <Content>
      {isForbidden(runs.error) && (
        <Alert severity="info" style={{ marginBottom: 16 }}>
          {PLATFORM_ONLY_MESSAGE}
        </Alert>
      )}
      {runs.error && !isForbidden(runs.error) && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          Could not list onboarding runs: {errorMessage(runs.error)}
        </Alert>
      )}
      {runs.loading && !runs.value && <Progress />}
      {sorted && !isForbidden(runs.error) && (
        <TableContainer component={Paper}>
          <Table size="small" aria-label="New hires">
            <TableHead>
              <TableRow>
                {NEW_HIRES_COLUMNS.map(column => (
                  <TableCell key={column} style={{ whiteSpace: 'nowrap' }}>
                    {column}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {sorted.length === 0 && (
                <TableRow>
                  <TableCell colSpan={NEW_HIRES_COLUMNS.length}>
                    <Typography variant="body2">
                      Nobody is joining or leaving. A run starts when the
                      identity provider or the HR system reports a hire or a
                      departure.
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {sorted.map(run => (
                <RunRow key={run.id} run={run} pollMs={pollMs} />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Content>
  );
}
