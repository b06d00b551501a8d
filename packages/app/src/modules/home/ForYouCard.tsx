/**
 * The home page's first card: what the signed-in person has going on. A recent hire's own
 * checklist first; then their last golden-path runs with the pull request each still waits on;
 * then the services their teams own. Each part reads its plugin's API as the person, so it shows
 * only what they may read.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import { Box, Chip, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';

const RUNS_SHOWN = 5;
const SERVICES_SHOWN = 8;

interface Hire {
  run: { idpUserId: string; person?: { name?: string } };
  firstDayTasks: { title: string; doneAt?: string }[];
  milestones: { kind: string; reachedAt?: string }[];
}
interface Task {
  id: string;
  status: string;
  createdAt: string;
  spec: {
    templateInfo?: { entityRef?: string };
    parameters?: Record<string, unknown>;
  };
}
interface Followup {
  taskId: string;
  state: string;
  platformConfigRepo: string;
  pullRequest: { number: number; url: string };
}

/** What each follow-up state means for the person who ran the golden path. */
const WAITING: Record<string, string> = {
  'pr-open': 'waits for review and atlantis apply',
  'apply-failed': 'apply failed: see the pull request',
  merged: 'merged; waits for the apply to be reported',
};

function useForYou() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { userEntityRef, ownershipEntityRefs } =
      await identityApi.getBackstageIdentity();
    const get = async (pluginId: string, path: string) => {
      const base = await discoveryApi.getBaseUrl(pluginId);
      const response = await fetchApi.fetch(`${base}${path}`);
      // A plugin that refuses or is missing leaves its part out, not the card.
      return response.ok ? response.json() : undefined;
    };
    const [hire, tasks, followups, services] = await Promise.all([
      get('onboarding', '/my-hire') as Promise<Partial<Hire> | undefined>,
      get(
        'scaffolder',
        `/v2/tasks?${new URLSearchParams({
          createdBy: userEntityRef,
          limit: String(RUNS_SHOWN),
          order: 'desc:created_at',
        })}`,
      ) as Promise<{ tasks: Task[] } | undefined>,
      get('delivery', '/followups') as Promise<
        { items: Followup[] } | undefined
      >,
      catalogApi.getEntities({
        filter: {
          kind: ['Component', 'Website'],
          'relations.ownedBy': ownershipEntityRefs,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
        limit: SERVICES_SHOWN,
      } as Parameters<typeof catalogApi.getEntities>[0]),
    ]);
    return {
      hire: hire?.run ? (hire as Hire) : undefined,
      runs: tasks?.tasks ?? [],
      followups: new Map(
        (followups?.items ?? []).map(f => [f.taskId, f] as const),
      ),
      services: services.items,
    };
  }, []);
}

const templateName = (task: Task) =>
  task.spec.templateInfo?.entityRef?.replace(/^template:[^/]+\//, '') ??
  'template';

/** The home page's card of what the signed-in person has going on. */
export function ForYouCard() {
  const { value, loading, error } = useForYou();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { hire, runs, followups, services } = value!;
  const tasksDone = hire?.firstDayTasks.filter(t => t.doneAt).length ?? 0;
  const milestonesReached =
    hire?.milestones.filter(m => m.reachedAt).length ?? 0;

  return (
    <>
      {hire && (
        <Box mb={2} component="section" aria-labelledby="for-you-hire">
          <Typography variant="h6" component="h3" id="for-you-hire">
            Your first weeks
          </Typography>
          <Typography variant="body2">
            {tasksDone} of {hire.firstDayTasks.length} first-day tasks done,{' '}
            {milestonesReached} of {hire.milestones.length} milestones reached.{' '}
            <Link
              underline="always"
              to={`/onboarding/hires/${encodeURIComponent(hire.run.idpUserId)}`}
            >
              Open your checklist
            </Link>
          </Typography>
        </Box>
      )}
      <Box mb={2} component="section" aria-labelledby="for-you-runs">
        <Typography variant="h6" component="h3" id="for-you-runs">
          Your runs
        </Typography>
        {runs.length === 0 ? (
          <Typography variant="body2">
            No golden path yet.{' '}
            <Link to="/create" underline="always">
              Start one
            </Link>
          </Typography>
        ) : (
          <ul aria-label="Your runs" style={{ paddingLeft: 20, margin: 0 }}>
            {runs.map(task => {
              const followup = followups.get(task.id);
              const waiting = followup && WAITING[followup.state];
              return (
                <li key={task.id} data-task={task.id}>
                  <Link to={`/create/tasks/${encodeURIComponent(task.id)}`}>
                    {templateName(task)}
                    {typeof task.spec.parameters?.name === 'string'
                      ? `: ${task.spec.parameters.name}`
                      : ''}
                  </Link>{' '}
                  <Chip size="small" label={task.status} />{' '}
                  {new Date(task.createdAt).toLocaleString('en-GB', {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  })}
                  {followup && waiting && (
                    <Typography variant="body2" component="div">
                      <Link to={followup.pullRequest.url} underline="always">
                        {followup.platformConfigRepo}#
                        {followup.pullRequest.number}
                      </Link>{' '}
                      {waiting}
                    </Typography>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Box>
      <Box component="section" aria-labelledby="for-you-services">
        <Typography variant="h6" component="h3" id="for-you-services">
          Your team’s services
        </Typography>
        {services.length === 0 ? (
          <Typography variant="body2">
            Your teams own no service yet.
          </Typography>
        ) : (
          <ul
            aria-label="Your team’s services"
            style={{ paddingLeft: 20, margin: 0 }}
          >
            {services.map(entity => (
              <li key={stringifyEntityRef(entity)}>
                <EntityRefLink entityRef={entity} />
              </li>
            ))}
          </ul>
        )}
      </Box>
    </>
  );
}
