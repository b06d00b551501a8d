import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderModule } from './modules/scaffolder';
import { operateModule } from './modules/operate';
import {
  forgeScmAuthModule,
  githubActionsModule,
} from './modules/githubActions';

// Plugins are discovered from package.json (app.packages: all); Runway adds its own modules.
export default createApp({
  features: [
    navModule,
    homeModule,
    signInModule,
    scaffolderModule,
    operateModule,
    forgeScmAuthModule,
    githubActionsModule,
  ],
});
