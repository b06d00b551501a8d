import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "A leaving engineer's sandbox, torn down as the engineer-offboarding template does it.",
    example: yaml.stringify({
      steps: [
        {
          id: 'sandbox',
          action: 'environment:sandbox:destroy',
          name: 'Tear down their sandbox',
          input: { owner: 'user:default/ada-lovelace' },
        },
      ],
    }),
  },
];
