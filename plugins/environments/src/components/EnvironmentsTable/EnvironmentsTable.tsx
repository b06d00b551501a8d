import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EnvironmentView } from '@runway/plugin-environments-common';
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

const COLUMNS = [
  'Name',
  'Type',
  'State',
  'Owner team',
  'Services',
  'URLs',
  'Time left',
  'Cost',
  'Actions',
];

export function EnvironmentsTable(props: {
  environments: EnvironmentView[];
  mutations: EnvironmentMutations;
  empty: ReactNode;
}) {
  const { environments, mutations, empty } = props;
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
              <TableCell>
                <EnvironmentLink name={env.name} />
              </TableCell>
              <TableCell>{env.type}</TableCell>
              <TableCell>
                <StateChip state={env.state} />
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={env.ownerTeam} defaultKind="group" />
              </TableCell>
              <TableCell>
                <ServiceList services={env.services} />
              </TableCell>
              <TableCell>
                <UrlList urls={env.urls} />
              </TableCell>
              <TableCell>
                <TimeLeft env={env} />
              </TableCell>
              <TableCell>
                <Cost env={env} />
              </TableCell>
              <TableCell>
                <EnvironmentActions env={env} mutations={mutations} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
