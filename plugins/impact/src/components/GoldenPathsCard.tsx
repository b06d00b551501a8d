import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  Card,
  CardActions,
  CardContent,
  Grid,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { GOLDEN_PATH_TEMPLATES } from '@runway/plugin-impact-common';
import useAsync from 'react-use/esm/useAsync';
import { templateRouteRef } from '../routes';
import { formatDuration } from './format';
import { useImpactReport } from './useImpactReport';

/** Medians over the last twelve weeks: recent enough to be today's, long enough to be many runs. */
const PERIOD_DAYS = 84;

interface GoldenPath extends CompoundEntityRef {
  ref: string;
  title: string;
  description?: string;
}

/** The golden paths the signed-in person may start (the catalogue shows them only those). */
function useGoldenPaths() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<GoldenPath[]> => {
    const refs = Object.values(GOLDEN_PATH_TEMPLATES);
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
      ],
    });
    return items.flatMap((entity, i) =>
      entity
        ? [
            {
              ...parseEntityRef(refs[i]),
              ref: refs[i],
              title: entity.metadata.title ?? entity.metadata.name,
              description: entity.metadata.description,
            },
          ]
        : [],
    );
  }, []);
}

/** The home page's golden paths, each with its measured median time and a link to start it. */
export function GoldenPathsCard() {
  const paths = useGoldenPaths();
  const report = useImpactReport(PERIOD_DAYS);
  const templateLink = useRouteRef(templateRouteRef);

  if (paths.loading) return <Progress />;
  if (paths.error) {
    return <Alert severity="error">{paths.error.message}</Alert>;
  }
  const stats = new Map(
    (report.value?.templates ?? []).map(t => [t.template, t]),
  );
  return (
    <Grid
      container
      spacing={2}
      component="ul"
      style={{ listStyle: 'none', padding: 0 }}
      aria-label="Golden paths"
    >
      {(paths.value ?? []).map(path => {
        const s = stats.get(path.ref);
        let timing = 'Not run in the last 12 weeks';
        if (report.loading) timing = 'Measuring…';
        else if (report.error) timing = 'Its time could not be measured';
        else if (s?.medianMs !== undefined) {
          timing = `Typically ${formatDuration(s.medianMs)}`;
        } else if (s) timing = 'No run completed in the last 12 weeks';
        const basis =
          s?.medianMs !== undefined
            ? `median of ${s.completed} run${
                s.completed === 1 ? '' : 's'
              }, last 12 weeks`
            : undefined;
        const href = templateLink?.({
          namespace: path.namespace,
          templateName: path.name,
        });
        return (
          <Grid
            item
            xs={12}
            md={4}
            component="li"
            key={path.ref}
            data-golden-path={path.name}
          >
            <Card variant="outlined" style={{ height: '100%' }}>
              <CardContent>
                <Typography variant="h6" component="h3">
                  {path.title}
                </Typography>
                <Typography variant="h5" component="p" data-median-time>
                  {timing}
                </Typography>
                {basis && (
                  <Typography variant="caption" color="textSecondary">
                    {basis}
                  </Typography>
                )}
                {path.description && (
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    style={{
                      display: '-webkit-box',
                      WebkitLineClamp: 3,
                      WebkitBoxOrient: 'vertical',
                      overflow: 'hidden',
                    }}
                  >
                    {path.description}
                  </Typography>
                )}
              </CardContent>
              {href && (
                <CardActions>
                  <Link to={href} aria-label={`Start: ${path.title}`}>
                    Start
                  </Link>
                </CardActions>
              )}
            </Card>
          </Grid>
        );
      })}
    </Grid>
  );
}
