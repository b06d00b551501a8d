import { Content, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EnvironmentDetails, environmentsApiRef } from '../../api';
import { useEnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { errorMessage, formatDateTime } from '../../lib/format';
import { expires } from '../../lib/lifetime';
import { rootRouteRef } from '../../routes';
import { EnvironmentActions } from '../actions/EnvironmentActions';
import {
  Cost,
  FeedbackAlert,
  ServiceList,
  StateChip,
  TimeLeft,
  UrlList,
} from '../fields';
import { ExtendLink } from './ExtendLink';
import { KeepAliveLink } from './KeepAliveLink';

/** One environment: what it runs, when it goes, what it costs, and what happened to it. */
export function EnvironmentDetailsPage() {
  const { name = '' } = useParams();
  const api = useApi(environmentsApiRef);
  const listLink = useRouteRef(rootRouteRef);
  const details = useAsyncRetry(() => api.getEnvironment(name), [api, name]);
  const mutations = useEnvironmentMutations(details.retry);
  const env = details.value;
  return (
    <Content>
      {listLink && (
        <Typography variant="body2" paragraph>
          <Link to={listLink()}>All environments</Link>
        </Typography>
      )}
      <ExtendLink pathName={name} mutations={mutations} />
      <KeepAliveLink env={env} mutations={mutations} />
      <FeedbackAlert
        feedback={mutations.feedback}
        onClose={mutations.dismissFeedback}
      />
      {details.error && (
        <Alert severity="error">
          Could not load environment {name}: {errorMessage(details.error)}
        </Alert>
      )}
      {details.loading && !env && <Progress />}
      {env && (
        <Grid container spacing={3}>
          {env.state === 'failed' && (
            <Grid item xs={12}>
              <Alert severity="error" aria-label="Why it failed">
                Environment {env.name} failed:{' '}
                {env.failureReason ?? 'no reason recorded'}. It still holds its
                resources until it is destroyed or expires.
              </Alert>
            </Grid>
          )}
          <Grid item xs={12} md={6}>
            <InfoCard title={env.name}>
              <Summary env={env} />
              <EnvironmentActions env={env} mutations={mutations} />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="History">
              <History env={env} />
            </InfoCard>
          </Grid>
        </Grid>
      )}
    </Content>
  );
}

/** The expiry and how far it can go; a sandbox has none. */
function lifetimeRows(env: EnvironmentDetails): Array<[string, ReactNode]> {
  if (!expires(env)) {
    return [
      ['Expires', 'Never: a sandbox stays until its engineer is offboarded'],
    ];
  }
  return [
    ['Expires', formatDateTime(env.expiresAt)],
    ['Latest possible expiry', formatDateTime(env.maxExpiresAt)],
  ];
}

/** The owner team; for a sandbox, its engineer, and the team it is charged to. */
function ownerRows(env: EnvironmentDetails): Array<[string, ReactNode]> {
  const team = <EntityRefLink entityRef={env.ownerTeam} defaultKind="group" />;
  if (!env.ownerUser) return [['Owner team', team]];
  return [
    [
      'Engineer',
      <EntityRefLink entityRef={env.ownerUser} defaultKind="user" />,
    ],
    ['Team (charged for it)', team],
  ];
}

function Summary({ env }: { env: EnvironmentDetails }) {
  const rows: Array<[string, ReactNode]> = [
    ['State', <StateChip state={env.state} reason={env.failureReason} />],
    ['Time left', <TimeLeft env={env} />],
    ...lifetimeRows(env),
    ['Type', env.type],
    ...ownerRows(env),
    [
      'Requested by',
      <EntityRefLink entityRef={env.requestedBy} defaultKind="user" />,
    ],
    ['Services', <ServiceList services={env.services} />],
    ['URLs', <UrlList urls={env.urls} />],
    [
      'Quota',
      `${env.quota.cpuCores} CPU cores, ${env.quota.memoryGiB} GiB memory`,
    ],
    ['Cost', <Cost env={env} />],
    ['Created', formatDateTime(env.createdAt)],
    ['Last activity', formatDateTime(env.lastActivityAt)],
  ];
  return (
    <Table size="small" aria-label={`Environment ${env.name}`}>
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row">
              {label}
            </TableCell>
            <TableCell>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function History({ env }: { env: EnvironmentDetails }) {
  if (env.events.length === 0) {
    return <Typography variant="body2">Nothing recorded yet.</Typography>;
  }
  return (
    <Table size="small" aria-label={`History of ${env.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>What</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {env.events.map((event, i) => (
          <TableRow key={`${event.at}-${i}`}>
            <TableCell>{formatDateTime(event.at)}</TableCell>
            <TableCell>{event.type}</TableCell>
            <TableCell>{event.actor ?? 'lifecycle job'}</TableCell>
            <TableCell>
              <code>{JSON.stringify(event.details)}</code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
