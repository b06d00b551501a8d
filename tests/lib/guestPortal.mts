/**
 * The production build on its embedded defaults with a guest signed in to it in Chromium, once
 * the catalogue holds what a test needs: the setup of the browser tests that need no devstack.
 */
import {
  type BuiltBackend,
  startBuiltBackend,
} from '../../scripts/lib/builtBackend.mts';
import { waitForEntity } from '../../scripts/lib/runwayApi.mts';
import { freePort } from './freePort.mts';
import { type GuestSession, openGuestSession } from './guestChromium.mts';
import { guestToken } from './http.mts';

export interface GuestPortal {
  backend: BuiltBackend;
  session: GuestSession;
  url: string;
  /** Closes the browser and stops the backend. */
  stop(): Promise<void>;
}

/** Starts the backend `name`, waits for `entities` (kind/namespace/name), signs the guest in. */
export async function startGuestPortal(options: {
  name: string;
  entities: string[];
  /** Config over the embedded defaults (the guest's groups, say). */
  config?: object;
  /** The screenshot a failed sign-in leaves. */
  failureShot: string;
}): Promise<GuestPortal> {
  const backend = await startBuiltBackend({
    name: options.name,
    port: await freePort(),
    config: options.config,
  });
  try {
    const token = await guestToken(backend.url);
    for (const ref of options.entities) {
      await waitForEntity(backend.url, token, ref);
    }
    const session = await openGuestSession(backend.url, options.failureShot);
    return {
      backend,
      session,
      url: backend.url,
      stop: async () => {
        await session.close();
        await backend.stop();
      },
    };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}
