import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { IdentityProviders, SignInPage } from '@backstage/core-components';

const github = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your company GitHub account',
  apiRef: githubAuthApiRef,
};

/** Which sign-in methods to offer comes from config: guest locally, GitHub in production. */
const RunwaySignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const configured = config.getOptionalStringArray(
    'runway.signIn.providers',
  ) ?? ['guest'];
  const providers: IdentityProviders = configured.map(id =>
    id === 'github' ? github : 'guest',
  );
  return (
    <SignInPage
      {...props}
      title="Runway"
      align="center"
      providers={providers}
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
