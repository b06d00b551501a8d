import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "The new engineer's sandbox, as the engineer-onboarding template gives it: theirs, charged to their team.",
    example: yaml.stringify({
      steps: [
        {
          id: 'sandbox',
          action: 'environment:sandbox:create',
          name: 'Give them a sandbox',
          input: {
            owner: 'user:default/ada-lovelace',
            team: 'group:default/payments',
          },
        },
      ],
    }),
  },
];
