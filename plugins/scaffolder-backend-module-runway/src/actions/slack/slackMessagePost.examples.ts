import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Tell the owner team's channel that the service is ready, with a link button.",
    example: yaml.stringify({
      steps: [
        {
          id: 'notify',
          action: 'slack:message:post',
          name: 'Tell the team',
          input: {
            channel: '#team-payments',
            text: 'Your service payments-api is ready',
            blocks: [
              {
                type: 'section',
                text: {
                  type: 'mrkdwn',
                  text: '*payments-api* is ready :rocket:',
                },
              },
              {
                type: 'actions',
                elements: [
                  {
                    type: 'button',
                    text: { type: 'plain_text', text: 'Open in Runway' },
                    url: 'http://localhost:3000/catalog/default/component/payments-api',
                  },
                ],
              },
            ],
            notifyEntityRefs: ['group:default/payments'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Send a direct message to a person by e-mail, and carry on if Slack is down.',
    example: yaml.stringify({
      steps: [
        {
          id: 'dm',
          action: 'slack:message:post',
          name: 'Welcome the new engineer',
          input: {
            userEmail: 'priya.raman@acme.example',
            text: 'Welcome to Acme! Your accounts are ready.',
            optional: true,
          },
        },
      ],
    }),
  },
];
