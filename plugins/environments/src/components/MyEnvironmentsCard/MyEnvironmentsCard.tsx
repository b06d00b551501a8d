import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api';
import { errorMessage } from '../../lib/format';
import { isLive } from '../../lib/lifetime';
import {
  CreateEnvironmentLink,
  EnvironmentLink,
  StateChip,
  TimeLeft,
} from '../fields';

/**
 * The home page's "My environments": the signed-in person's live environments, with their state
 * and the countdown to teardown, soonest first.
 */
export function MyEnvironmentsCard() {
  const api = useApi(environmentsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listEnvironments({ filter: 'mine' }),
    [api],
  );
  const live = (value ?? [])
    .filter(isLive)
    .sort(
      (a, b) =>
        (a.expiresAt ? Date.parse(a.expiresAt) : Infinity) -
        (b.expiresAt ? Date.parse(b.expiresAt) : Infinity),
    );
  if (loading) return <Progress />;
  if (error) {
    return (
      <Alert severity="error">
        Could not list your environments: {errorMessage(error)}
      </Alert>
    );
  }
  if (live.length === 0) {
    return (
      <Typography variant="body2">
        You have no environment running.{' '}
        <CreateEnvironmentLink>Create one in minutes.</CreateEnvironmentLink>
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="My environments">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Time left</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {live.map(env => (
          <TableRow key={env.name}>
            <TableCell>
              <EnvironmentLink name={env.name} />
            </TableCell>
            <TableCell>
              <StateChip state={env.state} reason={env.failureReason} />
            </TableCell>
            <TableCell>
              <TimeLeft env={env} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
