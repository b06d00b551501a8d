/**
 * Whose credentials a step calls Runway's plugins with. A person's task acts on behalf of that
 * person, so every plugin applies Runway's permission policy to them. A task a backend plugin
 * started as a service (an onboarding or offboarding run) has no person: its steps act as Runway's
 * scaffolder itself (`plugin:scaffolder`), which is how the environments plugin recognises the
 * onboarding run that may make and tear down an engineer's sandbox.
 */
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

export async function actingCredentials(
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  auth: AuthService,
): Promise<BackstageCredentials> {
  const initiator = await ctx.getInitiatorCredentials();
  return auth.isPrincipal(initiator, 'user')
    ? initiator
    : auth.getOwnServiceCredentials();
}
