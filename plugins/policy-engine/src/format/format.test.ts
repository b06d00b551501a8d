import type { CheckResult, Policy } from '../types';
import { formatHuman } from './formatHuman';
import { SARIF_SCHEMA, toSarif } from './toSarif';

const policy = (
  id: string,
  severity: Policy['severity'],
  link?: string,
): Policy => ({
  id,
  title: `${id} title`,
  severity,
  description: `${id} description`,
  remediation: `${id} remediation`,
  file: `/repo/policies/${id}.yaml`,
  match: { kubernetes: {} },
  ...(link ? { link } : {}),
});

const result: CheckResult = {
  policies: [
    policy('k8s-no-root', 'high', '/create/templates/default/new-service'),
    policy('aws-cost-tags', 'low'),
    policy('k8s-image-pinned', 'medium', 'https://docs.example.com/images'),
  ],
  files: [
    { file: 'deploy/api.yaml', kind: 'kubernetes', resources: 2 },
    { file: 'infra/main.tf', kind: 'terraform', resources: 3 },
    { file: 'README.md', kind: 'skipped', resources: 0 },
  ],
  violations: [
    {
      policyId: 'k8s-no-root',
      title: 'k8s-no-root title',
      severity: 'high',
      file: 'deploy/api.yaml',
      resource: 'Deployment/payments/api',
      message: 'container api may run as root',
      remediation: 'Set runAsNonRoot.',
      link: '/create/templates/default/new-service',
      line: 3,
    },
    {
      policyId: 'k8s-image-pinned',
      title: 'k8s-image-pinned title',
      severity: 'medium',
      file: 'deploy/api.yaml',
      resource: 'Deployment/payments/api',
      message: 'container api uses :latest',
      remediation: 'Pin it.',
      link: 'https://docs.example.com/images',
      line: 3,
    },
    {
      policyId: 'aws-cost-tags',
      title: 'aws-cost-tags title',
      severity: 'low',
      file: 'infra/main.tf',
      resource: 'aws_sqs_queue.q',
      message: 'tag owner is missing',
      remediation: 'Tag it.',
    },
    {
      policyId: 'input-invalid',
      title: 'Input can be parsed',
      severity: 'high',
      file: 'deploy/bad file.yaml',
      resource: 'deploy/bad file.yaml',
      message: 'the YAML cannot be parsed',
      remediation: 'Fix the syntax.',
      line: 1,
    },
  ],
};

describe('formatHuman', () => {
  it('writes one actionable line per violation and a summary', () => {
    expect(formatHuman(result).split('\n')).toEqual([
      'high k8s-no-root deploy/api.yaml:3 Deployment/payments/api: container api may run as root — fix: Set runAsNonRoot. (/create/templates/default/new-service)',
      'medium k8s-image-pinned deploy/api.yaml:3 Deployment/payments/api: container api uses :latest — fix: Pin it. (https://docs.example.com/images)',
      'low aws-cost-tags infra/main.tf aws_sqs_queue.q: tag owner is missing — fix: Tag it.',
      'high input-invalid deploy/bad file.yaml:1 deploy/bad file.yaml: the YAML cannot be parsed — fix: Fix the syntax.',
      '4 violations (2 high, 1 medium, 1 low): 2 files (5 resources) checked against 3 policies, 1 file skipped.',
    ]);
  });

  it('says so when there is nothing to fix', () => {
    expect(formatHuman({ ...result, violations: [] })).toBe(
      'No violations: 2 files (5 resources) checked against 3 policies, 1 file skipped.',
    );
  });
});

describe('toSarif', () => {
  it('writes SARIF 2.1.0 with a rule per policy and a located result per violation', () => {
    const sarif = toSarif(result) as any;
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const { driver } = sarif.runs[0].tool;
    expect(driver.name).toBe('Runway policy');
    expect(driver.rules.map((r: any) => r.id)).toEqual([
      'k8s-no-root',
      'aws-cost-tags',
      'k8s-image-pinned',
      'input-invalid',
    ]);
    expect(driver.rules[0]).toEqual({
      id: 'k8s-no-root',
      shortDescription: { text: 'k8s-no-root title' },
      fullDescription: { text: 'k8s-no-root description' },
      help: {
        text: 'k8s-no-root remediation See /create/templates/default/new-service.',
      },
      defaultConfiguration: { level: 'error' },
      properties: {
        severity: 'high',
        'security-severity': '8.0',
        link: '/create/templates/default/new-service',
      },
    });
    expect(driver.rules[2].helpUri).toBe('https://docs.example.com/images');

    const results = sarif.runs[0].results;
    expect(
      results.map((r: any) => [
        r.ruleId,
        r.level,
        driver.rules[r.ruleIndex].id,
      ]),
    ).toEqual([
      ['k8s-no-root', 'error', 'k8s-no-root'],
      ['k8s-image-pinned', 'warning', 'k8s-image-pinned'],
      ['aws-cost-tags', 'note', 'aws-cost-tags'],
      ['input-invalid', 'error', 'input-invalid'],
    ]);
    expect(results[0].message.text).toBe(
      'Deployment/payments/api: container api may run as root',
    );
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/api.yaml' },
      region: { startLine: 3 },
    });
    expect(results[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/main.tf' },
    });
    expect(results[3].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'deploy/bad%20file.yaml',
    );
    // Every result's rule exists, and the document survives JSON.
    expect(JSON.parse(JSON.stringify(sarif))).toEqual(sarif);
  });

  it('makes portal links absolute helpUris when given the portal URL', () => {
    const sarif = toSarif(result, {
      baseUrl: 'https://runway.acme.example/',
    }) as any;
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe(
      'https://runway.acme.example/create/templates/default/new-service',
    );
  });
});
