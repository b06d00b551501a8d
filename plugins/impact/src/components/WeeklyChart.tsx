import { Typography, useTheme } from '@material-ui/core';
import { WeeklyCount } from '@runway/plugin-impact-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** Colours that stay apart for people with common colour-vision deficiencies (Okabe–Ito). */
const COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/** Counts per week, stacked by key (template or team), with a text summary for screen readers. */
export function WeeklyChart(props: {
  counts: WeeklyCount[];
  label: string;
  name: (key: string) => string;
}) {
  const theme = useTheme();
  const { counts, label, name } = props;
  if (counts.length === 0) {
    return <Typography>Nothing in this period.</Typography>;
  }
  const keys = [...new Set(counts.map(c => c.key))].sort();
  const weeks = [...new Set(counts.map(c => c.week))].sort();
  const rows = weeks.map(week => ({
    week,
    ...Object.fromEntries(
      counts.filter(c => c.week === week).map(c => [c.key, c.count]),
    ),
  }));
  const summary = weeks
    .map(
      week =>
        `week of ${week}: ${counts
          .filter(c => c.week === week)
          .map(c => `${name(c.key)} ${c.count}`)
          .join(', ')}`,
    )
    .join('; ');
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <div style={{ width: '100%', height: 260 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" stroke={theme.palette.text.secondary} />
            <YAxis
              allowDecimals={false}
              stroke={theme.palette.text.secondary}
            />
            <Tooltip />
            <Legend />
            {keys.map((key, i) => (
              <Bar
                key={key}
                dataKey={key}
                name={name(key)}
                stackId="week"
                fill={COLOURS[i % COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <Typography variant="caption" color="textSecondary">
          {summary}
        </Typography>
      </figcaption>
    </figure>
  );
}
