/**
 * Calls the onboarding plugin's API as Runway's own service: the steps change rotations and the
 * hires' User entities themselves (people never call those routes).
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

export interface OnboardingApiOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * The answer's JSON. A 400 or 409 (the request itself is wrong) is an InputError carrying the
 * plugin's message; anything else says what failed and that a retry may help.
 */
export async function callOnboarding<T>(
  options: OnboardingApiOptions,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  what: string,
  body?: object,
): Promise<T> {
  const { token } = await options.auth.getPluginRequestToken({
    onBehalfOf: await options.auth.getOwnServiceCredentials(),
    targetPluginId: 'onboarding',
  });
  const res = await fetch(
    `${await options.discovery.getBaseUrl('onboarding')}${path}`,
    {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body && { 'Content-Type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (res.ok) return res.json();
  const text = (await res.text()).slice(0, 300);
  if (res.status === 400 || res.status === 409) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new InputError(`${what}: ${message}`);
  }
  throw new Error(
    `${what}: the onboarding backend answered ${res.status} (${text}). Retry this step; if it fails again, tell the platform team.`,
  );
}
