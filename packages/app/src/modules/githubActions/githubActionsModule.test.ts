import { githubActionsApiRef as pluginApiRef } from '@backstage-community/plugin-github-actions';
import { githubActionsApiRef } from './githubActionsModule';

describe('githubActionsModule', () => {
  it("overrides the client under the plugin's own API id, which its pages look up", () => {
    expect(githubActionsApiRef.id).toBe(pluginApiRef.id);
  });
});
