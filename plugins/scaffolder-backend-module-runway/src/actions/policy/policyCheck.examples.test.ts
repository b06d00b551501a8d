import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';

/** What fetch:template would leave in the workspace for a hardened service. */
const rendered = {
  'catalog-info.yaml': yaml.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ledger',
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/payments',
      system: 'system:default/checkout',
    },
  }),
  deploy: {
    'deployment.yaml': yaml.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ledger' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'ledger' } },
        template: {
          metadata: { labels: { app: 'ledger' } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            containers: [
              {
                name: 'ledger',
                image: 'ghcr.io/acme/ledger:0.1.0',
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '256Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                },
              },
            ],
          },
        },
      },
    }),
  },
  'mkdocs.yml': 'site_name: ledger\n',
};

const fill = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value).replace(/\$\{\{ parameters\.name \}\}/g, 'ledger'),
  );

const mockDir = createMockDirectory();
beforeEach(() => {
  mockDir.clear();
  mockDir.setContent(rendered);
});

describe('policy:check examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    "%s — passes a hardened service with Runway's baseline policies",
    async (_description, example) => {
      const auditor = mockServices.auditor.mock();
      // No policiesDir: the baseline, as a template author gets it.
      const action = createPolicyCheckAction({
        auditor,
        appBaseUrl: 'http://localhost:3000',
      });
      const step = yaml
        .parse(example.example)
        .steps.find((s: { action: string }) => s.action === action.id);
      const ctx = createMockActionContext({
        input: fill(step.input),
        workspacePath: mockDir.path,
      });
      await action.handler(ctx);
      const out = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(out).toEqual({ violations: [], checked: 2 });
      const event = await auditor.createEvent.mock.results[0].value;
      expect(event.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({ outcome: 'allowed' }),
      });
    },
  );
});
