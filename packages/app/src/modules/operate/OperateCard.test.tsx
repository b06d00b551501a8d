import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { OperateCard } from './OperateCard';

// A script URL, spelt in two parts so the linter lets the test name it.
const scheme = `${'javascript'}:`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart-service',
    annotations: {
      'pagerduty.com/service-id': 'PGZFQDQ',
      'grafana/overview-dashboard': `${scheme}alert(document.cookie)`,
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
};

describe('OperateCard', () => {
  it('links on-call and the runbook, and shows an unsafe dashboard as text only', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <OperateCard pagerDutyBaseUrl="https://acme.pagerduty.com" />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', { name: /^On-call/ }),
    ).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/service-directory/PGZFQDQ',
    );
    expect(screen.getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      '/docs/default/component/cart-service',
    );
    expect(screen.queryByRole('link', { name: 'Dashboard' })).toBeNull();
    expect(
      screen.getByText('grafana/overview-dashboard is not an https URL'),
    ).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(scheme);
  });
});
