import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPage } from '@backstage/core-components';
import { signInProviders } from './signInProviders';

/** Runway's sign-in page: the providers `runway.signIn.providers` names. */
export const RunwaySignInPage = (props: SignInPageProps) => {
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
