import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EnvironmentView } from '@runway/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api';
import { errorMessage, serviceUrl } from '../../lib/format';
import { rootRouteRef } from '../../routes';
import {
  CreateEnvironmentLink,
  EnvironmentLink,
  StateChip,
  TimeLeft,
} from '../fields';

/** The environments that run this component: which branch, until when, and where. */
export function EntityEnvironmentsCard() {
  const { entity } = useEntity();
  // The backend stores and compares entity refs in lower case.
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const name = entity.metadata.name;
  const api = useApi(environmentsApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const { value, loading, error } = useAsync(
    () => api.listEnvironments({ filter: 'all', entityRef }),
    [api, entityRef],
  );
  return (
    <InfoCard
      title="Environments"
      subheader={`Ephemeral environments that run ${name}`}
      deepLink={pageLink && { title: 'All environments', link: pageLink() }}
    >
      {loading && <Progress />}
      {error && (
        <Alert severity="error">
          Could not list the environments that run {name}: {errorMessage(error)}
        </Alert>
      )}
      {value?.length === 0 && (
        <Typography variant="body2">
          No environment runs {name}.{' '}
          <CreateEnvironmentLink>
            Create one from the Ephemeral environment template.
          </CreateEnvironmentLink>
        </Typography>
      )}
      {!!value?.length && (
        <EnvironmentRows environments={value} entityRef={entityRef} />
      )}
    </InfoCard>
  );
}

function EnvironmentRows(props: {
  environments: EnvironmentView[];
  entityRef: string;
}) {
  return (
    <Table size="small" aria-label="Environments">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Branch</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Time left</TableCell>
          <TableCell>URL</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(env => {
          const service = env.services.find(
            s => s.entityRef === props.entityRef,
          );
          const url = serviceUrl(env, props.entityRef);
          return (
            <TableRow key={env.name}>
              <TableCell>
                <EnvironmentLink name={env.name} />
              </TableCell>
              <TableCell>
                <code>{service?.branch ?? '—'}</code>
              </TableCell>
              <TableCell>
                <StateChip state={env.state} reason={env.failureReason} />
              </TableCell>
              <TableCell>
                <TimeLeft env={env} />
              </TableCell>
              <TableCell>{url ? <Link to={url}>{url}</Link> : '—'}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
