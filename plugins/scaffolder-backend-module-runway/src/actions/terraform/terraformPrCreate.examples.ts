import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Add a service's PostgreSQL database to platform-config: one module block in services/<name>/main.tf.",
    example: yaml.stringify({
      steps: [
        {
          id: 'terraform',
          action: 'terraform:pr:create',
          name: 'Propose the database',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-config',
            targetPath: 'services/${{ parameters.name }}',
            title: 'Add a database for ${{ parameters.name }}',
            labels: ['runway', 'terraform'],
            modules: [
              {
                name: 'database',
                source: '../../modules/database/postgres',
                variables: {
                  service: '${{ parameters.name }}',
                  team: '${{ parameters.team }}',
                  cost_center: 'cc-1234',
                  engine_version: '16',
                  allocated_storage: 50,
                  multi_az: true,
                  tags: { 'runway.dev/golden-path': 'new-database' },
                },
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'Several modules plus a hand-written file, on a named branch, with extra text in the description.',
    example: yaml.stringify({
      steps: [
        {
          id: 'terraform',
          action: 'terraform:pr:create',
          name: 'Propose the service',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-config',
            targetPath: 'services/checkout-api',
            branchName: 'runway/new-service-checkout-api',
            title: 'New service checkout-api',
            body: 'Created from the **new backend service** golden path.',
            modules: [
              {
                name: 'service',
                source: '../../modules/service',
                variables: {
                  name: 'checkout-api',
                  team: 'payments',
                  cost_center: 'cc-1234',
                  tier: 'medium',
                },
              },
              {
                name: 'database',
                source: '../../modules/database/postgres',
                variables: {
                  service: 'checkout-api',
                  team: 'payments',
                  cost_center: 'cc-1234',
                  subnet_ids: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
                },
              },
            ],
            files: {
              'outputs.tf':
                'output "namespace" {\n  value = module.service.namespace\n}\n',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Only files, no generated modules: e.g. an Atlantis override next to an existing service.',
    example: yaml.stringify({
      steps: [
        {
          id: 'terraform',
          action: 'terraform:pr:create',
          name: 'Propose the override',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-config',
            targetPath: 'services/payments-api',
            title: 'Pin the Terraform version of payments-api',
            files: {
              'versions.tf':
                'terraform {\n  required_version = ">= 1.5.0, < 2.0.0"\n}\n',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      "A new service's Terraform and its Argo CD Applications in one pull request: the Applications are rendered by fetch:template into a workspace folder and added under apps/<name>/.",
    example: yaml.stringify({
      steps: [
        {
          id: 'terraform',
          action: 'terraform:pr:create',
          name: 'Propose the service and its deploys',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-config',
            targetPath: 'services/${{ parameters.name }}',
            title: 'New service ${{ parameters.name }}',
            modules: [
              {
                name: 'service',
                source: '../../modules/service',
                variables: {
                  name: '${{ parameters.name }}',
                  team: '${{ parameters.team }}',
                  cost_center: 'cc-1234',
                  tier: 'small',
                },
              },
            ],
            folders: [
              {
                sourcePath: './platform-config-apps',
                targetPath: 'apps/${{ parameters.name }}',
              },
            ],
          },
        },
      ],
    }),
  },
];
