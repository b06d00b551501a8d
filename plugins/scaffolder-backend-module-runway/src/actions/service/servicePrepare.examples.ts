import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Check a new service's name and owner before anything is created, and use the answers in later steps.",
    example: yaml.stringify({
      steps: [
        {
          id: 'prepare',
          action: 'runway:service:prepare',
          name: 'Check the name and the owner team',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
        {
          id: 'publish',
          action: 'publish:github',
          name: 'Create the repository',
          input: {
            repoUrl: '${{ steps.prepare.output.repoUrl }}',
            defaultBranch: 'main',
          },
        },
      ],
    }),
  },
];
