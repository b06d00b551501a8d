import { compatWrapper } from '@backstage/core-compat-api';
import {
  EntityArgoCDHistoryCard,
  EntityArgoCDOverviewCard,
} from '@roadiehq/backstage-plugin-argo-cd';

// Roadie's cards are legacy extensions: compatWrapper gives them the app context they expect.
// This file is loaded only when a service page shows a card.
export const overviewCard = () => compatWrapper(<EntityArgoCDOverviewCard />);
export const historyCard = () => compatWrapper(<EntityArgoCDHistoryCard />);
