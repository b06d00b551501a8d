import { Content, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EnvironmentsFilter, environmentsApiRef } from '../../api';
import { useEnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { errorMessage } from '../../lib/format';
import { EnvironmentsTable } from '../EnvironmentsTable/EnvironmentsTable';
import { CreateEnvironmentLink, FeedbackAlert } from '../fields';
import { MonthlyCostTable } from '../MonthlyCost/MonthlyCostTable';
import { ExtendLink } from './ExtendLink';

const FILTERS: Array<{
  value: EnvironmentsFilter;
  label: string;
  empty: string;
}> = [
  { value: 'mine', label: 'Mine', empty: 'You have no environments.' },
  {
    value: 'team',
    label: 'My team',
    empty: 'Your teams have no environments.',
  },
  { value: 'all', label: 'All', empty: 'There are no environments.' },
];

function filterOf(value: string | null) {
  return FILTERS.find(f => f.value === value) ?? FILTERS[0];
}

/**
 * Environments (mine, my team's or all), with their countdowns, costs and actions; the team and
 * all views add each team's cost this month.
 */
export function EnvironmentsListPage() {
  const api = useApi(environmentsApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterOf(searchParams.get('filter'));
  const list = useAsyncRetry(
    () => api.listEnvironments({ filter: filter.value }),
    [api, filter.value],
  );
  const mutations = useEnvironmentMutations(list.retry);

  const selectFilter = (value: EnvironmentsFilter) => {
    const next = new URLSearchParams(searchParams);
    next.set('filter', value);
    setSearchParams(next);
  };

  return (
    <Content>
      <Tabs
        value={filter.value}
        onChange={(_, value) => selectFilter(value)}
        indicatorColor="primary"
        style={{ marginBottom: 16 }}
      >
        {FILTERS.map(f => (
          <Tab key={f.value} value={f.value} label={f.label} />
        ))}
      </Tabs>
      <ExtendLink mutations={mutations} />
      <FeedbackAlert
        feedback={mutations.feedback}
        onClose={mutations.dismissFeedback}
      />
      {list.error && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          Could not list environments ({filter.label}):{' '}
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.loading && !list.value && <Progress />}
      {list.value && (
        <EnvironmentsTable
          environments={list.value}
          mutations={mutations}
          empty={
            <Typography variant="body2">
              {filter.empty}{' '}
              <CreateEnvironmentLink>
                Create one from the Ephemeral environment template.
              </CreateEnvironmentLink>
            </Typography>
          }
        />
      )}
      {filter.value === 'team' && <MonthlyCostTable scope="my-teams" />}
      {filter.value === 'all' && <MonthlyCostTable scope="all" />}
    </Content>
  );
}
