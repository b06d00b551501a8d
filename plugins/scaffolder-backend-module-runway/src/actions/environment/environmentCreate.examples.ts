import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A feature environment running two services, one from the branch under review, with the URLs commented on its pull request.',
    example: yaml.stringify({
      steps: [
        {
          id: 'environment',
          action: 'environment:create',
          name: 'Create the environment',
          input: {
            name: 'pr-42-checkout',
            type: 'feature',
            owner: 'group:default/payments',
            services: [
              { entityRef: 'component:default/checkout-api', branch: 'pr-42' },
              { entityRef: 'component:default/payments-api' },
            ],
            lifetimeDays: 3,
            pullRequestUrl: 'https://github.com/acme/checkout-api/pull/42',
          },
        },
      ],
    }),
  },
  {
    description:
      'A staging environment of a whole system, every service on main, for the default lifetime.',
    example: yaml.stringify({
      steps: [
        {
          id: 'environment',
          action: 'environment:create',
          name: 'Create the environment',
          input: {
            name: 'storefront-staging',
            type: 'staging',
            owner: 'group:default/storefront',
            system: 'system:default/storefront',
          },
        },
      ],
    }),
  },
];
