import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Welcome a new engineer with their buddy and manager; the orientation meetings are in the team's time zone.",
    example: yaml.stringify({
      steps: [
        {
          id: 'welcome',
          action: 'email:welcome:send',
          name: 'Send the welcome mail',
          input: {
            idpUserId: '00u8k2priya',
            name: 'Priya Raman',
            email: 'priya.raman@acme.example',
            team: 'Payments',
            manager: {
              name: 'Tom Whitaker',
              email: 'tom.whitaker@acme.example',
            },
            buddy: { name: 'Sam Osei', email: 'sam.osei@acme.example' },
            startDate: '2026-03-02',
            timeZone: 'Europe/Berlin',
            newHirePageUrl:
              'https://runway.acme.example/onboarding/hires/00u8k2priya',
          },
        },
      ],
    }),
  },
  {
    description:
      "Without a buddy the manager is invited to every meeting; without a time zone the meetings are in runway.onboarding.email.timeZone's.",
    example: yaml.stringify({
      steps: [
        {
          id: 'welcome',
          action: 'email:welcome:send',
          name: 'Send the welcome mail',
          input: {
            idpUserId: '00u8k2grace',
            name: 'Grace Liu',
            email: 'grace.liu@acme.example',
            team: 'Checkout',
            manager: {
              name: 'Tom Whitaker',
              email: 'tom.whitaker@acme.example',
            },
            startDate: '2026-03-02',
            newHirePageUrl:
              'https://runway.acme.example/onboarding/hires/00u8k2grace',
          },
        },
      ],
    }),
  },
];
