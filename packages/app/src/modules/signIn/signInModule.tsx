import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { IdentityProviders, SignInPage } from '@backstage/core-components';
import { Config } from '@backstage/config';

const github = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your company GitHub account',
  apiRef: githubAuthApiRef,
};

/** The sign-in methods `runway.signIn.providers` asks for: guest locally, GitHub in production. */
export function signInProviders(config: Config): IdentityProviders {
  const configured = config.getOptionalStringArray('runway.signIn.providers');
  return (configured ?? ['guest']).map(id =>
    id === 'github' ? github : 'guest',
  );
}

const RunwaySignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  return (
    <SignInPage
      {...props}
      title="Runway"
      align="center"
      providers={signInProviders(config)}
    />
  );
};

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: { loader: async () => RunwaySignInPage },
    }),
  ],
});
