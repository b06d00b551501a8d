import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod/v4';

/** Runway's Operate card on a Component's overview: on-call, dashboard, runbook. */
export const operateCard = EntityCardBlueprint.makeWithOverrides({
  name: 'operate',
  configSchema: {
    // Where the organisation's PagerDuty lives, e.g. https://acme.pagerduty.com.
    pagerDutyBaseUrl: z.string().optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: { kind: 'component' },
      type: 'info',
      loader: () =>
        import('./OperateCard').then(m => (
          <m.OperateCard pagerDutyBaseUrl={config.pagerDutyBaseUrl} />
        )),
    });
  },
});

export const operateModule = createFrontendModule({
  pluginId: 'app',
  extensions: [operateCard],
});
