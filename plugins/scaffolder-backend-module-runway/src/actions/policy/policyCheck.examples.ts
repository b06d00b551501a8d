import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Gate the rendered Kubernetes manifests and catalog entity before the repository is created.',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'fetch:template',
          name: 'Render the service from its skeleton',
          input: {
            url: './skeleton',
            values: { name: '${{ parameters.name }}' },
          },
        },
        {
          id: 'policy',
          action: 'policy:check',
          name: "Check it against Runway's policies",
          input: {
            paths: ['deploy', 'catalog-info.yaml'],
            entityRef: 'component:default/${{ parameters.name }}',
          },
        },
        {
          id: 'publish',
          action: 'publish:github',
          name: 'Create the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=${{ parameters.name }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Check every YAML file the task rendered, failing only on high or critical violations (lower ones are logged).',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'policy:check',
          name: "Check it against Runway's policies",
          input: { paths: ['**/*.yaml'], failOn: 'high' },
        },
      ],
    }),
  },
];
