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
- **See what changed** — the [Impact](/impact) page measures each golden path's time
  and the platform's use, live, by team.

New here? Read [what Runway does and how](/docs/default/component/runway).
`;

/** Runway's welcome: loaded with the home page's cards, not with the app's first bundle. */
export function WelcomeCard() {
  return <MarkdownContent content={welcome} />;
}
