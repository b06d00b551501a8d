export { githubActionsModule } from './githubActionsModule';
export { forgeScmAuthModule } from './forgeScmAuthModule';
