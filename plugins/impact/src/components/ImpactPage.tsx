import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  OutlinedInput,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { entityName, formatDuration, formatValue } from './format';
import { WeeklyChart } from './WeeklyChart';
import { ImpactAnswer, useImpactReport } from './useImpactReport';

export const PERIODS = [
  { days: 28, label: 'Last 4 weeks' },
  { days: 84, label: 'Last 12 weeks' },
  { days: 182, label: 'Last 6 months' },
  { days: 364, label: 'Last 12 months' },
];

/** The catalogue's teams, for the filter. */
function useTeams() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group', 'spec.type': 'team' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(g => ({
        ref: stringifyEntityRef(g),
        title: g.metadata.title ?? g.metadata.name,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, []);
}

function FiguresTable({ report }: { report: ImpactAnswer }) {
  return (
    <Table size="small" aria-label="Before and after Runway">
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Figure
          </TableCell>
          <TableCell component="th" scope="col">
            Before Runway
          </TableCell>
          <TableCell component="th" scope="col">
            Now
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            Measured on
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {report.figures.map(f => (
          <TableRow key={f.id} data-figure={f.id}>
            <TableCell component="th" scope="row" role="rowheader">
              <Typography variant="body2">{f.label}</Typography>
              <Typography variant="caption" color="textSecondary">
                {f.formula}
              </Typography>
            </TableCell>
            <TableCell>{f.before ?? '–'}</TableCell>
            <TableCell data-value>
              <strong>{formatValue(f.value, f.unit, report.currency)}</strong>
            </TableCell>
            <TableCell align="right">{f.sample}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TemplatesTable({ report }: { report: ImpactAnswer }) {
  if (report.templates.length === 0) {
    return <Typography>No golden path ran in this period.</Typography>;
  }
  return (
    <Table size="small" aria-label="Runs per template">
      <TableHead>
        <TableRow>
          {['Template', 'Runs', 'A week', 'Succeeded', 'Median time'].map(h => (
            <TableCell key={h} component="th" scope="col">
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {report.templates.map(t => (
          <TableRow key={t.template}>
            <TableCell component="th" scope="row" role="rowheader">
              {entityName(t.template)}
            </TableCell>
            <TableCell>{t.runs}</TableCell>
            <TableCell>{formatValue(t.runsPerWeek, 'perWeek', '')}</TableCell>
            <TableCell>{formatValue(t.successRate, 'percent', '')}</TableCell>
            <TableCell>
              {t.medianMs === undefined ? '–' : formatDuration(t.medianMs)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const useStyles = makeStyles(theme => ({
  // The filters sit on the page's background, where the default label grey is too faint.
  label: { color: theme.palette.text.primary },
}));

/** The Impact page: the playbook's table computed live, by team and period, with charts. */
export function ImpactPage() {
  const classes = useStyles();
  const [days, setDays] = useState(PERIODS[0].days);
  const [team, setTeam] = useState('');
  const teams = useTeams();
  const report = useImpactReport(days, team || undefined);

  return (
    <Page themeId="tool">
      <Header
        title="Impact"
        subtitle="What Runway changed, measured from its own records"
      />
      <Content>
        <ContentHeader title="Before and after">
          <Grid container spacing={2}>
            <Grid item>
              <FormControl variant="outlined" size="small">
                <InputLabel id="impact-period-label" className={classes.label}>
                  Period
                </InputLabel>
                <Select
                  labelId="impact-period-label"
                  id="impact-period"
                  label="Period"
                  value={days}
                  onChange={e => setDays(Number(e.target.value))}
                >
                  {PERIODS.map(p => (
                    <MenuItem key={p.days} value={p.days}>
                      {p.label}
                    </MenuItem>
                  ))}
                </Select>
              </FormControl>
            </Grid>
            <Grid item>
              <FormControl
                variant="outlined"
                size="small"
                style={{ minWidth: 200 }}
              >
                <InputLabel
                  id="impact-team-label"
                  shrink
                  className={classes.label}
                >
                  Team
                </InputLabel>
                <Select
                  labelId="impact-team-label"
                  id="impact-team"
                  label="Team"
                  displayEmpty
                  input={<OutlinedInput notched label="Team" />}
                  value={team}
                  onChange={e => setTeam(String(e.target.value))}
                >
                  <MenuItem value="">Every team</MenuItem>
                  {(teams.value ?? []).map(t => (
                    <MenuItem key={t.ref} value={t.ref}>
                      {t.title}
                    </MenuItem>
                  ))}
                </Select>
              </FormControl>
            </Grid>
          </Grid>
        </ContentHeader>
        {report.loading && <Progress />}
        {report.error && <ResponseErrorPanel error={report.error} />}
        {report.value && (
          <Grid container spacing={3}>
            {report.value.gaps.length > 0 && (
              <Grid item xs={12}>
                <Alert severity="warning">
                  Some figures could not be measured:{' '}
                  {report.value.gaps.join('; ')}
                </Alert>
              </Grid>
            )}
            <Grid item xs={12}>
              <InfoCard title="The playbook’s table, measured">
                <FiguresTable report={report.value} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Golden-path runs per week">
                <WeeklyChart
                  counts={report.value.runsPerWeek}
                  label="Golden-path runs per week, by template"
                  name={entityName}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Deploys per team per week">
                <WeeklyChart
                  counts={report.value.deploysPerWeek}
                  label="Deploys per week, by team"
                  name={entityName}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Runs and success rate per template">
                <TemplatesTable report={report.value} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
}
