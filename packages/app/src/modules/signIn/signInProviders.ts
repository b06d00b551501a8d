import { githubAuthApiRef } from '@backstage/core-plugin-api';
import type { IdentityProviders } from '@backstage/core-components';
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
