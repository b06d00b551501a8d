import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const addExamples: TemplateExample[] = [
  {
    description:
      "Put a new engineer into their team's channel, the company channels and the team's standup usergroup.",
    example: yaml.stringify({
      steps: [
        {
          id: 'slack',
          action: 'slack:member:add',
          name: 'Add to Slack channels and usergroups',
          input: {
            email: 'grace.liu@acme.example',
            channels: ['#team-payments', '#general'],
            usergroups: ['payments'],
          },
        },
      ],
    }),
  },
];

export const removeExamples: TemplateExample[] = [
  {
    description:
      "Offboarding: take a person out of their team's channel and usergroup (#general stays until the account is deactivated).",
    example: yaml.stringify({
      steps: [
        {
          id: 'slack',
          action: 'slack:member:remove',
          name: 'Remove from Slack channels and usergroups',
          input: {
            email: 'daniel.okafor@acme.example',
            channels: ['#team-payments'],
            usergroups: ['payments'],
          },
        },
      ],
    }),
  },
];
