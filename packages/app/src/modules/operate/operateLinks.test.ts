import { Entity } from '@backstage/catalog-model';
import { httpsUrl, operateLinks } from './operateLinks';

const service = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', annotations },
});

const pagerDutyBaseUrl = 'https://acme.pagerduty.com';
// A script URL, spelt in two parts so the linter lets the test name it.
const scriptUrl = `${'javascript'}:alert(1)`;

describe('operateLinks', () => {
  it('links on-call, dashboard and runbook from a demo service’s annotations', () => {
    expect(
      operateLinks(
        service({
          'pagerduty.com/service-id': 'PGZFQDQ',
          'grafana/overview-dashboard':
            'https://grafana.acme.example/d/turif0255/cart-service',
          'backstage.io/techdocs-ref': 'dir:.',
        }),
        { pagerDutyBaseUrl },
      ),
    ).toEqual([
      {
        label: 'On-call',
        href: 'https://acme.pagerduty.com/service-directory/PGZFQDQ',
      },
      {
        label: 'Dashboard',
        href: 'https://grafana.acme.example/d/turif0255/cart-service',
      },
      { label: 'Runbook', href: '/docs/default/component/cart-service' },
    ]);
  });

  it('never links a dashboard that is not https', () => {
    for (const value of [
      scriptUrl,
      'http://grafana.acme.example/d/x',
      'data:text/html,<script>alert(1)</script>',
      'https://user:secret@grafana.acme.example/d/x',
      'not a url',
    ]) {
      const [, dashboard] = operateLinks(
        service({ 'grafana/overview-dashboard': value }),
        { pagerDutyBaseUrl },
      );
      expect(dashboard).toEqual({
        label: 'Dashboard',
        problem: 'grafana/overview-dashboard is not an https URL',
      });
    }
  });

  it('refuses a PagerDuty id that would change the URL’s path', () => {
    const [onCall] = operateLinks(
      service({ 'pagerduty.com/service-id': '../../evil?x=' }),
      { pagerDutyBaseUrl },
    );
    expect(onCall.href).toBeUndefined();
    expect(onCall.problem).toMatch(/is not a PagerDuty service id/);
  });

  it('says what is missing instead of linking nowhere', () => {
    expect(operateLinks(service({}), {})).toEqual([
      { label: 'On-call', problem: 'no pagerduty.com/service-id' },
      { label: 'Dashboard', problem: 'no grafana/overview-dashboard' },
      { label: 'Runbook', problem: 'no backstage.io/techdocs-ref' },
    ]);
  });

  it('needs an https PagerDuty base URL to link on-call', () => {
    const [onCall] = operateLinks(
      service({ 'pagerduty.com/service-id': 'PGZFQDQ' }),
      { pagerDutyBaseUrl: 'http://acme.pagerduty.com' },
    );
    expect(onCall).toEqual({
      label: 'On-call',
      problem: 'no https pagerDutyBaseUrl configured for this card',
    });
  });
});

describe('httpsUrl', () => {
  it('keeps https URLs and normalises them', () => {
    expect(httpsUrl(' https://grafana.acme.example/d/a b ')).toBe(
      'https://grafana.acme.example/d/a%20b',
    );
  });
});
