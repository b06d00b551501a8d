import { createApp } from '@backstage/frontend-defaults';
import githubActionsPlugin from '@backstage-community/plugin-github-actions/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderModule } from './modules/scaffolder';
import { operateModule } from './modules/operate';
import { techdocsModule } from './modules/techdocs';
import { themeModule } from './modules/theme';
import { argoCdPlugin } from './modules/argoCd';
import {
  forgeScmAuthModule,
  githubActionsModule,
} from './modules/githubActions';

// Plugins are discovered from package.json (app.packages in app-config.yaml), but two: GitHub
// Actions' /alpha plugin is installed here (discovery would also load its main entry, client
// and Octokit, with the first page), and Roadie's Argo CD plugin is declared by Runway
// (modules/argoCd) so that it loads only where its cards show. Runway adds its own modules.
export default createApp({
  features: [
    navModule,
    homeModule,
    signInModule,
    scaffolderModule,
    operateModule,
    techdocsModule,
    themeModule,
    argoCdPlugin,
    forgeScmAuthModule,
    githubActionsPlugin,
    githubActionsModule,
  ],
});
