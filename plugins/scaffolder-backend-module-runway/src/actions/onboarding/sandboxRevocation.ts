/**
 * The sandbox line of the offboarding report, read back from the environments API rather than
 * taken from the teardown step's word: the engineer's newest sandbox lease must be destroyed, or
 * tearing down (the lifecycle job finishes it). One still live fails the report, naming it.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { SANDBOX_TYPE } from '@runway/plugin-environments-common';
import { EnvironmentsApiClient } from '@runway/plugin-environments-node';

export interface SandboxRevocation {
  what: string;
  state: 'revoked' | 'tearing down' | 'nothing to revoke';
  evidence: string;
}

export async function readSandboxRevocation(
  api: EnvironmentsApiClient,
  owner: string,
  credentials: BackstageCredentials,
): Promise<SandboxRevocation> {
  // Newest first; a live one (there is one at most) before any destroyed.
  const leases = await api.list(
    { type: SANDBOX_TYPE, ownerUser: owner, includeDestroyed: true },
    credentials,
  );
  const lease = leases.find(env => env.state !== 'destroyed') ?? leases.at(0);
  if (!lease) {
    return {
      what: 'Sandbox',
      state: 'nothing to revoke',
      evidence: `no sandbox lease of ${owner}`,
    };
  }
  const what = `Sandbox ${lease.name}`;
  if (lease.state === 'destroyed') {
    return {
      what,
      state: 'revoked',
      evidence: `lease read back: destroyed at ${lease.tornDownAt}`,
    };
  }
  if (lease.state === 'tearing-down') {
    return {
      what,
      state: 'tearing down',
      evidence:
        'lease read back: tearing-down; the environments lifecycle job finishes the teardown',
    };
  }
  throw new Error(
    `${what} of ${owner} is still ${lease.state}: it was not torn down. Retry the sandbox step.`,
  );
}
