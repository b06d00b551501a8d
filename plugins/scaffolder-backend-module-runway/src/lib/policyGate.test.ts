import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { CheckResult, Policy, Violation } from '@runway/policy-engine';
import { PolicyGateOptions, runPolicyGate } from './policyGate';

const policy = (id: string): Policy => ({
  id,
  title: id,
  severity: 'high',
  description: '',
  remediation: '',
  file: `${id}.yaml`,
  match: { kubernetes: { kinds: ['Deployment'] } },
});

const violation = (
  policyId: string,
  severity: Violation['severity'],
  link?: string,
): Violation => ({
  policyId,
  title: policyId,
  severity,
  file: 'deploy/deployment.yaml',
  resource: 'Deployment/ledger',
  message: `breaks ${policyId}`,
  remediation: `fix ${policyId}`,
  link,
});

const result = (violations: Violation[], checked = 1): CheckResult => ({
  violations,
  files: [
    ...Array.from({ length: checked }, (_, i) => ({
      file: `f${i}.yaml`,
      kind: 'kubernetes' as const,
      resources: 1,
    })),
    { file: 'README.md', kind: 'skipped' as const, resources: 0 },
  ],
  policies: [policy('non-root'), policy('replicas')],
});

function gate(overrides: Partial<PolicyGateOptions>) {
  const auditor = mockServices.auditor.mock();
  const options: PolicyGateOptions = {
    auditor,
    logger: mockServices.logger.mock(),
    meta: { taskId: 't-1' },
    appBaseUrl: 'https://runway.acme.example',
    renderedBy: 'template:default/x',
    evaluate: async () => ({ result: result([]) }),
    ...overrides,
  };
  const event = async () => auditor.createEvent.mock.results[0].value;
  return { options, auditor, event };
}

describe('runPolicyGate', () => {
  it('allows a clean check and audits the decision once', async () => {
    const { options, auditor, event } = gate({});
    await expect(runPolicyGate(options)).resolves.toEqual({
      violations: [],
      checked: 1,
    });
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'policy-gate',
      severityLevel: 'medium',
      meta: { taskId: 't-1' },
    });
    expect((await event()).success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        outcome: 'allowed',
        filesChecked: 1,
        policiesEvaluated: ['non-root', 'replicas'],
      }),
    });
  });

  it('denies with one line per blocking violation, absolute links, and reports first', async () => {
    const reports: unknown[] = [];
    const { options, event } = gate({
      failOn: 'medium',
      evaluate: async () => ({
        result: result([
          violation('non-root', 'high', '/docs/policies#non-root'),
          violation('replicas', 'low'),
        ]),
        meta: { entity: 'component:default/ledger' },
      }),
    });
    const error = await runPolicyGate(options, r => reports.push(r)).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.split('\n')).toEqual([
      "Policy gate: what template:default/x rendered has 1 violation (severity medium or higher), so the task stops here. Fix each line below, or ask the template's owners to:",
      'non-root deploy/deployment.yaml Deployment/ledger: breaks non-root — fix: fix non-root https://runway.acme.example/docs/policies#non-root',
    ]);
    expect(reports).toHaveLength(1);
    expect((await event()).fail).toHaveBeenCalledWith({
      error,
      meta: expect.objectContaining({
        outcome: 'denied',
        entity: 'component:default/ledger',
        violations: 2,
        blockingViolations: 1,
        policiesViolated: ['non-root', 'replicas'],
      }),
    });
  });

  it('fails closed, audited as an error, when the check itself throws', async () => {
    const { options, event } = gate({
      evaluate: async () => {
        throw new Error('policies/broken.yaml: severity must be one of …');
      },
    });
    await expect(runPolicyGate(options)).rejects.toThrow('broken.yaml');
    expect((await event()).fail).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: expect.objectContaining({ outcome: 'error' }),
      }),
    );
  });

  it('refuses a check that evaluated nothing, when the caller asks it to', async () => {
    const { options } = gate({
      evaluate: async () => ({ result: result([], 0) }),
      nothingCheckedMessage: 'nothing to check in ["README.md"]',
    });
    await expect(runPolicyGate(options)).rejects.toThrow(
      'nothing to check in ["README.md"]',
    );
  });
});
