import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { EnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { EnvironmentActions } from '../actions/EnvironmentActions';
import {
  Cost,
  EnvironmentLink,
  ServiceList,
  StateChip,
  TimeLeft,
  UrlList,
} from '../fields';
import { ENVIRONMENT_COLUMNS as COLUMNS } from './columns';

const useStyles = makeStyles({
  // Short values on one line, so the lists (services, URLs) take the wrapping.
  nowrap: { whiteSpace: 'nowrap' },
  // A URL is one long word: break it anywhere rather than push Cost and Actions off the page.
  urls: { overflowWrap: 'anywhere', minWidth: 180 },
});

export function EnvironmentsTable(props: {
  environments: EnvironmentView[];
  mutations: EnvironmentMutations;
  empty: ReactNode;
}) {
  const { environments, mutations, empty } = props;
  const classes = useStyles();
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Environments">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {environments.length === 0 && (
            <TableRow>
              <TableCell colSpan={COLUMNS.length}>{empty}</TableCell>
            </TableRow>
          )}
          {environments.map(env => (
            <TableRow key={env.name}>
              <TableCell className={classes.nowrap}>
                <EnvironmentLink name={env.name} />
              </TableCell>
              <TableCell className={classes.nowrap}>{env.type}</TableCell>
              <TableCell className={classes.nowrap}>
                <StateChip state={env.state} reason={env.failureReason} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <EntityRefLink entityRef={env.ownerTeam} defaultKind="group" />
              </TableCell>
              <TableCell>
                <ServiceList services={env.services} />
              </TableCell>
              <TableCell className={classes.urls}>
                <UrlList urls={env.urls} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <TimeLeft env={env} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <Cost env={env} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <EnvironmentActions env={env} mutations={mutations} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
