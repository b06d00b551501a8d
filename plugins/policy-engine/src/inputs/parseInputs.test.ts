import { parseInputs } from './parseInputs';

describe('parseInputs', () => {
  it('relates Terraform resources across the files of one directory, not across directories', async () => {
    const { subjects, files, problems } = await parseInputs([
      {
        path: 'infra/main.tf',
        content:
          'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
      },
      {
        path: 'infra/s3.tf',
        content: [
          'resource "aws_s3_bucket_public_access_block" "logs" {',
          '  bucket            = aws_s3_bucket.logs.id',
          '  block_public_acls = true',
          '}',
          'resource "aws_s3_bucket_acl" "logs" {',
          '  bucket = "${aws_s3_bucket.logs.bucket}-x"',
          '  acl    = "private"',
          '}',
        ].join('\n'),
      },
      {
        path: 'other/s3.tf',
        content:
          'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket = aws_s3_bucket.logs.id\n}\n',
      },
    ]);
    expect(problems).toEqual([]);
    expect(files).toEqual([
      { file: 'infra/main.tf', kind: 'terraform', resources: 1 },
      { file: 'infra/s3.tf', kind: 'terraform', resources: 2 },
      { file: 'other/s3.tf', kind: 'terraform', resources: 1 },
    ]);
    const bucket = subjects.find(
      s => s.resource.address === 'aws_s3_bucket.logs',
    )!;
    expect(bucket.resource).toEqual({
      kind: 'resource',
      name: 'logs',
      namespace: '',
      type: 'aws_s3_bucket',
      address: 'aws_s3_bucket.logs',
      file: 'infra/main.tf',
      apiVersion: '',
    });
    expect(bucket.line).toBe(1);
    expect(bucket.related).toEqual({
      aws_s3_bucket_public_access_block: [
        { bucket: '${aws_s3_bucket.logs.id}', block_public_acls: true },
      ],
      aws_s3_bucket_acl: [
        { bucket: '${aws_s3_bucket.logs.bucket}-x', acl: 'private' },
      ],
    });
    expect(Object.keys(bucket.objects).sort()).toEqual([
      'aws_s3_bucket',
      'aws_s3_bucket_acl',
      'aws_s3_bucket_public_access_block',
    ]);
    const block = subjects.find(
      s => s.file === 'infra/s3.tf' && s.resource.type.endsWith('block'),
    )!;
    expect(block.line).toBe(1);
    expect(
      subjects.find(
        s => s.file === 'infra/s3.tf' && s.resource.type.endsWith('acl'),
      )!.line,
    ).toBe(5);
  });

  it('gives a single block as an object and several as a list, and drops nulls', async () => {
    const { subjects } = await parseInputs([
      {
        path: 'main.tf',
        content: `resource "aws_s3_bucket" "b" {
  bucket = null
  versioning {
    enabled = true
  }
  lifecycle_rule {
    id = "a"
  }
  lifecycle_rule {
    id = "b"
  }
}`,
      },
    ]);
    expect(subjects[0].object).toEqual({
      versioning: { enabled: true },
      lifecycle_rule: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it('sees through locals, merge() and jsonencode() of literals', async () => {
    const { subjects } = await parseInputs([
      {
        path: 'mod/locals.tf',
        content: `locals {
  tags = merge(var.tags, { owner = var.team, "cost-center" = "cc-1" })
}`,
      },
      {
        path: 'mod/main.tf',
        content: `resource "aws_sqs_queue" "q" {
  tags = merge(local.tags, { Name = "q" })
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = aws_sqs_queue.q.arn }]
  })
}`,
      },
    ]);
    const queue = subjects.find(s => s.resource.type === 'aws_sqs_queue')!;
    expect(queue.object.tags).toEqual({
      owner: '${var.team}',
      'cost-center': 'cc-1',
      Name: 'q',
    });
    const policy = subjects.find(s => s.resource.type === 'aws_iam_policy')!;
    expect(policy.object.policy_document).toEqual({
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['${aws_sqs_queue.q.arn}'],
        },
      ],
    });
    expect(queue.related).toEqual({ aws_iam_policy: [policy.object] });
  });

  it('reads a plan: child modules, instance addresses and relations from the configuration', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.logs',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'logs',
              values: { bucket: 'acme-logs', acl: null },
            },
          ],
          child_modules: [
            {
              address: 'module.db',
              resources: [
                {
                  address: 'module.db.aws_db_instance.this[0]',
                  mode: 'managed',
                  type: 'aws_db_instance',
                  name: 'this',
                  index: 0,
                  values: { storage_encrypted: true },
                },
                {
                  address: 'module.db.aws_db_parameter_group.this',
                  mode: 'managed',
                  type: 'aws_db_parameter_group',
                  name: 'this',
                  values: {
                    family: 'postgres16',
                    parameter: [{ name: 'rds.force_ssl', value: '1' }],
                  },
                },
              ],
            },
          ],
        },
      },
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.logs',
              type: 'aws_s3_bucket',
              name: 'logs',
            },
          ],
          module_calls: {
            db: {
              module: {
                resources: [
                  {
                    address: 'aws_db_instance.this',
                    expressions: {
                      parameter_group_name: {
                        references: [
                          'aws_db_parameter_group.this.name',
                          'aws_db_parameter_group.this',
                        ],
                      },
                    },
                  },
                  { address: 'aws_db_parameter_group.this', expressions: {} },
                ],
              },
            },
          },
        },
      },
    };
    const content = JSON.stringify(plan, null, 2);
    const { subjects, files } = await parseInputs([
      { path: 'plan.json', content },
    ]);
    expect(files).toEqual([
      { file: 'plan.json', kind: 'terraform-plan', resources: 3 },
    ]);
    expect(subjects.map(s => s.resource.address)).toEqual([
      'aws_s3_bucket.logs',
      'module.db.aws_db_instance.this[0]',
      'module.db.aws_db_parameter_group.this',
    ]);
    expect(subjects[0].object).toEqual({ bucket: 'acme-logs' });
    const group = subjects[2];
    expect(group.object.parameter).toEqual({
      name: 'rds.force_ssl',
      value: '1',
    });
    expect(group.related).toEqual({
      aws_db_instance: [{ storage_encrypted: true }],
    });
    expect(group.line).toBe(
      content
        .split('\n')
        .findIndex(l => l.includes('"module.db.aws_db_parameter_group.this"')) +
        1,
    );
  });

  it('expands a List, keeps each item line, and names Kubernetes resources kind/namespace/name', async () => {
    const content = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: payments
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: payments
    spec: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
`;
    const { subjects, files } = await parseInputs([
      { path: 'deploy/all.yaml', content },
    ]);
    expect(files).toEqual([
      { file: 'deploy/all.yaml', kind: 'kubernetes', resources: 3 },
    ]);
    expect(subjects.map(s => [s.resource.address, s.line])).toEqual([
      ['Namespace/payments', 4],
      ['Deployment/payments/api', 8],
      ['ConfigMap/settings', 15],
    ]);
    expect(subjects[0].objects).toHaveLength(3);
  });

  it('reads catalog entities, in catalog-info.yaml or beside manifests', async () => {
    const { subjects, files } = await parseInputs([
      {
        path: 'catalog-info.yaml',
        content: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
spec:
  type: service
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: new-service
  namespace: platform
`,
      },
    ]);
    expect(files).toEqual([
      { file: 'catalog-info.yaml', kind: 'catalog', resources: 2 },
    ]);
    expect(
      subjects.map(s => [s.family, s.resource.address, s.resource.type]),
    ).toEqual([
      ['catalog', 'component:default/ledger', 'service'],
      ['catalog', 'template:platform/new-service', ''],
    ]);
  });

  it('skips unknown files and templates, and reports broken manifests and HCL with their line', async () => {
    const { files, problems, subjects } = await parseInputs([
      { path: 'README.md', content: '# hello' },
      { path: 'package.json', content: '{"name": "x"}' },
      { path: '.github/workflows/ci.yaml', content: 'on: push\njobs: {}\n' },
      {
        path: 'skeleton/deploy.yaml',
        content:
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: ${{ values.name }}\n',
      },
      {
        path: 'chart/templates/deploy.yaml',
        content:
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: "{{ .Release.Name }}"\n',
      },
      {
        path: 'broken.yaml',
        content:
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: a: b\nspec: {}\n',
      },
      {
        path: 'broken/main.tf',
        content: 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
      },
    ]);
    expect(subjects).toEqual([]);
    expect(files.map(f => [f.file, f.kind])).toEqual([
      ['README.md', 'skipped'],
      ['package.json', 'skipped'],
      ['.github/workflows/ci.yaml', 'skipped'],
      ['skeleton/deploy.yaml', 'skipped'],
      ['chart/templates/deploy.yaml', 'skipped'],
      ['broken.yaml', 'kubernetes'],
      ['broken/main.tf', 'terraform'],
    ]);
    expect(problems).toEqual([
      {
        file: 'broken.yaml',
        line: 4,
        message: expect.stringContaining('the YAML cannot be parsed'),
      },
      {
        file: 'broken/main.tf',
        line: 1,
        message: expect.stringContaining('Unclosed configuration block'),
      },
    ]);
  });
});
