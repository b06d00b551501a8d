import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api';
import { errorMessage, formatMoney } from '../../lib/format';

/** `2026-12` → `December 2026` (the API's months are UTC calendar months). */
function monthLabel(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * Showback: what each team's environments have cost this month so far, destroyed ones included,
 * and what tearing environments down early saved.
 * `scope: 'my-teams'` keeps the teams the signed-in user belongs to.
 */
export function MonthlyCostTable(props: { scope: 'my-teams' | 'all' }) {
  const api = useApi(environmentsApiRef);
  const identityApi = useApi(identityApiRef);
  const report = useAsync(async () => {
    const [cost, identity] = await Promise.all([
      api.getMonthlyCost(),
      identityApi.getBackstageIdentity(),
    ]);
    const mine = new Set(identity.ownershipEntityRefs);
    const teams =
      props.scope === 'all'
        ? cost.teams
        : cost.teams.filter(t => mine.has(t.team));
    return { ...cost, teams: [...teams].sort((a, b) => b.total - a.total) };
  }, [api, identityApi, props.scope]);

  if (report.error) {
    return (
      <Alert severity="warning" style={{ marginTop: 16 }}>
        Could not load this month's cost: {errorMessage(report.error)}
      </Alert>
    );
  }
  if (!report.value) return null;
  const { month, currency, teams } = report.value;
  const title = `Cost in ${monthLabel(month)} so far`;
  return (
    <TableContainer component={Paper} style={{ marginTop: 16 }}>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell align="right">Environments</TableCell>
            <TableCell align="right">Hours</TableCell>
            <TableCell align="right">{title}</TableCell>
            <TableCell
              align="right"
              title="What environments torn down early this month (idle, or destroyed) would have cost until their expiry"
            >
              Saved by early teardown
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {teams.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>
                <Typography variant="body2">
                  {props.scope === 'all'
                    ? 'No environment has run this month.'
                    : 'No environment of your teams has run this month.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {teams.map(team => (
            <TableRow key={team.team}>
              <TableCell>
                <EntityRefLink entityRef={team.team} defaultKind="group" />
              </TableCell>
              <TableCell align="right">{team.environments.length}</TableCell>
              <TableCell align="right">
                {team.environments
                  .reduce((sum, env) => sum + env.hours, 0)
                  .toFixed(1)}
              </TableCell>
              <TableCell align="right">
                {formatMoney(team.total, currency)}
              </TableCell>
              <TableCell align="right">
                {formatMoney(team.avoided, currency)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
