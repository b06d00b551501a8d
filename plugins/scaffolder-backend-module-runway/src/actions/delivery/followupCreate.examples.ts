import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "The new-service golden path's Terraform pull request, followed until Atlantis applies it.",
    example: yaml.stringify({
      steps: [
        {
          id: 'followup',
          action: 'provisioning:followup:create',
          name: 'Follow the Terraform pull request',
          input: {
            service: 'ledger-api',
            entityRef: 'component:default/ledger-api',
            repositoryUrl: 'https://github.com/acme/ledger-api',
            platformConfigRepoUrl: 'github.com?owner=acme&repo=platform-config',
            pullRequestNumber: 42,
            pullRequestUrl: 'https://github.com/acme/platform-config/pull/42',
            branch: 'runway/new-service-ledger-api',
            owner: 'group:default/payments',
          },
        },
      ],
    }),
  },
];
