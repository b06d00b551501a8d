import { createMockDirectory } from '@backstage/backend-test-utils';
import { loadPolicies } from '../policy/loadPolicies';

const mockDir = createMockDirectory();

const FRAGILE = `id: fragile
title: Replicas are set
severity: low
description: For the tests.
match:
  kubernetes:
    kinds: [Deployment]
variables:
  - name: replicas
    expression: object.spec.replicas
validations:
  # Fails to evaluate when spec.replicas is missing: that must be a violation, not a crash.
  - expression: variables.replicas >= 2
    message: fewer than two replicas
  - expression: object.metadata.name
    message: never used
  - expression: "has(object.spec.paused) ? !object.spec.paused : true"
    messageExpression: "'paused: ' + object.spec.missing"
    message: the deployment is paused
remediation: Set spec.replicas to 2 or more.
link: https://example.com/docs/replicas
`;

const TAGGED = `id: tagged
title: Taggable things are tagged
severity: high
description: For the tests.
match:
  terraform:
    resourceTypes: ['aws_*', data.aws_iam_policy_document]
validations:
  - expression: has(object.tags) || resource.kind == 'data'
    messageExpression: "resource.type + ' ' + resource.name + ' in ' + resource.file + ' has no tags'"
remediation: Tag it.
`;

describe('PolicySet.check', () => {
  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({ 'fragile.yaml': FRAGILE, 'tagged.yaml': TAGGED });
  });

  it('turns expressions that fail at run time into violations naming the policy and validation', async () => {
    const set = await loadPolicies(mockDir.path);
    const result = await set.check([
      {
        path: 'deploy/api.yaml',
        content: `# the api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  paused: true
`,
      },
    ]);
    expect(result.violations).toEqual([
      {
        policyId: 'fragile',
        title: 'Replicas are set',
        severity: 'low',
        file: 'deploy/api.yaml',
        resource: 'Deployment/payments/api',
        message: expect.stringMatching(
          /^policy fragile validations\[0\]: variable replicas could not be evaluated: .*replicas/,
        ),
        remediation: 'Set spec.replicas to 2 or more.',
        link: 'https://example.com/docs/replicas',
        line: 2,
      },
      expect.objectContaining({
        message:
          'policy fragile validations[1]: the expression returned the string "api" instead of true or false',
      }),
      // The messageExpression fails, so the static message is used.
      expect.objectContaining({ message: 'the deployment is paused' }),
    ]);
  });

  it('matches Terraform types by prefix and data sources by their data. name', async () => {
    const set = await loadPolicies(mockDir.path);
    const result = await set.check([
      {
        path: 'infra/main.tf',
        content: `resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_sns_topic" "t" {
  tags = { owner = "x" }
}
resource "google_storage_bucket" "g" {
  name = "g"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:GetObject"]
  }
}
data "aws_caller_identity" "me" {}
`,
      },
    ]);
    expect(result.violations.map(v => [v.resource, v.message, v.line])).toEqual(
      [['aws_sqs_queue.q', 'aws_sqs_queue q in infra/main.tf has no tags', 1]],
    );
    expect(result.files).toEqual([
      { file: 'infra/main.tf', kind: 'terraform', resources: 5 },
    ]);
  });

  it('reports a file it cannot parse as a violation, so a broken manifest never passes', async () => {
    const set = await loadPolicies(mockDir.path);
    const result = await set.check([
      {
        path: 'deploy/bad.yaml',
        content: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n',
      },
    ]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        policyId: 'input-invalid',
        severity: 'high',
        file: 'deploy/bad.yaml',
        line: 4,
        message: expect.stringContaining('the YAML cannot be parsed'),
      }),
    ]);
  });

  it('orders violations most severe first and returns the policies it ran', async () => {
    const set = await loadPolicies(mockDir.path);
    const result = await set.check([
      {
        path: 'a.yaml',
        content:
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 1\n',
      },
      { path: 'b.tf', content: 'resource "aws_sqs_queue" "q" {}\n' },
    ]);
    expect(result.violations.map(v => v.severity)).toEqual([
      'high',
      'low',
      'low',
    ]);
    expect(result.policies.map(p => p.id)).toEqual(['fragile', 'tagged']);
  });
});
