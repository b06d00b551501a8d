import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { operateLinks } from './operateLinks';

const descriptions = {
  'On-call': 'PagerDuty service: who is paged, and the open incidents',
  Dashboard: 'Grafana overview: traffic, errors, latency',
  Runbook: "The service's TechDocs: how to run and fix it",
};

/** On-call, dashboard and runbook of the service on its page, from its annotations. */
export function OperateCard(props: { pagerDutyBaseUrl?: string }) {
  const { entity } = useEntity();
  const links = operateLinks(entity, props);
  return (
    <InfoCard title="Operate">
      <dl>
        {links.map(link => (
          <div key={link.label}>
            <Typography component="dt" variant="subtitle2">
              {link.href ? (
                // Link opens https URLs in a new tab and portal paths in the app.
                <Link to={link.href}>{link.label}</Link>
              ) : (
                link.label
              )}
            </Typography>
            <Typography component="dd" variant="body2" color="textSecondary">
              {link.href ? descriptions[link.label] : link.problem}
            </Typography>
          </div>
        ))}
      </dl>
    </InfoCard>
  );
}
