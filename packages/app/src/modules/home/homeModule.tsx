import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

// Plain markdown so the platform team can edit the welcome without touching React.
const welcome = `
## Welcome to Runway

Runway replaces "open a ticket and wait" with a form that finishes in minutes.

- **Start something new** — pick a [golden path](/create): a new backend service,
  an ephemeral environment, or registering a service that already exists.
- **Your environments** — the [Environments](/environments) page shows your team's
  ephemeral environments, their expiry and their cost.
- **Find a service** — the [service catalogue](/catalog) lists every service, API,
  database and team, with owners and links to dashboards.
- **Read the docs** — every service's [TechDocs](/docs), including its runbook.

New here? Read [what Runway does and how](/docs/default/component/runway).
`;

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'RunwayWelcome',
    title: 'Runway',
    description: 'What Runway offers and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

/** What the signed-in person has going on: a recent hire's checklist, their runs, their services. */
const forYouWidget = HomePageWidgetBlueprint.make({
  name: 'for-you',
  params: {
    name: 'ForYou',
    title: 'For you',
    description:
      'Your checklist if you joined recently, your golden-path runs and the pull requests they wait on, your team’s services',
    components: () =>
      import('./ForYouCard').then(m => ({ Content: m.ForYouCard })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [welcomeWidget, forYouWidget],
});
