import { Content, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { catalogDriftCheckPermission } from '@runway/plugin-catalog-drift-common';
import { useCallback, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CatalogDriftRequestError, catalogDriftApiRef } from '../../api';
import {
  COLUMNS,
  KIND_LABELS,
  NO_DRIFT_MESSAGE,
  PLATFORM_ONLY_MESSAGE,
  undecidedMessage,
} from './texts';

export {
  COLUMNS,
  NO_DRIFT_MESSAGE,
  PLATFORM_ONLY_MESSAGE,
  undecidedMessage,
} from './texts';

const isForbidden = (error?: Error) =>
  error instanceof CatalogDriftRequestError && error.status === 403;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

export function formatDateTime(date: string): string {
  return new Date(date).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/**
 * The last drift check's problems: each entity (linked to its catalogue page), what is wrong, the
 * fix, when a check first and last found it; when the check last ran, and "Check now" for those
 * who may run it.
 */
export function CatalogDriftPage() {
  const api = useApi(catalogDriftApiRef);
  const report = useAsyncRetry(() => api.getProblems(), [api]);
  const mayCheck = usePermission({ permission: catalogDriftCheckPermission });
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<Error>();
  const inFlight = useRef(false);
  const { retry } = report;

  const checkNow = useCallback(async () => {
    // Two clicks before React re-renders: one check.
    if (inFlight.current) return;
    inFlight.current = true;
    setChecking(true);
    setCheckError(undefined);
    try {
      await api.runCheck();
      retry();
    } catch (error) {
      setCheckError(error as Error);
    } finally {
      inFlight.current = false;
      setChecking(false);
    }
  }, [api, retry]);

  const forbidden = isForbidden(report.error);
  const value = forbidden ? undefined : report.value;

  return (
    <Content>
      {forbidden && (
        <Alert severity="info" style={{ marginBottom: 16 }}>
          {PLATFORM_ONLY_MESSAGE}
        </Alert>
      )}
      {report.error && !forbidden && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          Could not read the catalogue drift: {message(report.error)}
        </Alert>
      )}
      {checkError && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          The check did not run: {message(checkError)}
        </Alert>
      )}
      {report.loading && !value && <Progress />}
      {value && (
        <>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            mb={2}
          >
            <Typography variant="body2">
              {value.checkedAt
                ? `Last checked ${formatDateTime(value.checkedAt)}`
                : 'The check has not run yet; it runs on a schedule, or now.'}
            </Typography>
            {mayCheck.allowed && (
              <Button
                variant="contained"
                color="primary"
                disabled={checking}
                onClick={checkNow}
              >
                {checking ? 'Checking…' : 'Check now'}
              </Button>
            )}
          </Box>
          {(value.undecided ?? 0) > 0 && (
            <Box mb={2}>
              <Alert severity="warning">
                <Typography variant="body2">
                  {undecidedMessage(value.undecided ?? 0)}
                </Typography>
                {(value.undecidedReasons ?? []).map(reason => (
                  <Typography key={reason} variant="body2">
                    {reason}
                  </Typography>
                ))}
              </Alert>
            </Box>
          )}
          {value.checkedAt &&
          value.problems.length === 0 &&
          !value.undecided ? (
            <Alert severity="success">{NO_DRIFT_MESSAGE}</Alert>
          ) : (
            value.problems.length > 0 && (
              <TableContainer component={Paper}>
                <Table size="small" aria-label="Catalogue drift">
                  <TableHead>
                    <TableRow>
                      {COLUMNS.map(column => (
                        <TableCell
                          key={column}
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {column}
                        </TableCell>
                      ))}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {value.problems.map(problem => (
                      <TableRow key={`${problem.kind} ${problem.entityRef}`}>
                        <TableCell>
                          <EntityRefLink entityRef={problem.entityRef} />
                        </TableCell>
                        <TableCell style={{ whiteSpace: 'nowrap' }}>
                          {KIND_LABELS[problem.kind] ?? problem.kind}
                        </TableCell>
                        <TableCell>{problem.message}</TableCell>
                        <TableCell>{problem.fix}</TableCell>
                        <TableCell style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(problem.firstSeenAt)}
                        </TableCell>
                        <TableCell style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(problem.lastSeenAt)}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            )
          )}
        </>
      )}
    </Content>
  );
}
