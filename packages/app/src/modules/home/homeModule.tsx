import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'RunwayWelcome',
    title: 'Runway',
    description: 'Where to start',
    components: () =>
      import('./WelcomeCard').then(m => ({ Content: m.WelcomeCard })),
  },
});

/** What the signed-in person has going on: a recent hire's checklist, their runs, their services. */
const forYouWidget = HomePageWidgetBlueprint.make({
  name: 'for-you',
  params: {
    name: 'ForYou',
    title: 'For you',
    description: 'What you have going on',
    components: () =>
      import('./ForYouCard').then(m => ({ Content: m.ForYouCard })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [welcomeWidget, forYouWidget],
});
