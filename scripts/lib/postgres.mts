/** Finds the machine's PostgreSQL for tests, and refuses to let a reachable one be skipped. */
import { isPortOpen } from '../../packages/backend/src/__testUtils__/isPortOpen.ts';

/** Set by scripts/test when a server answers; TestDatabases reads its own variable. */
export const POSTGRES_URL_VARIABLE = 'RUNWAY_TEST_POSTGRES_URL';

/**
 * The connection string to test PostgreSQL with, or undefined when no server is reachable.
 * A reachable server without the variable is an error: that run would skip PostgreSQL silently.
 */
export async function testPostgresUrl(): Promise<string | undefined> {
  const url = process.env[POSTGRES_URL_VARIABLE];
  if (url) return url;
  if (await isPortOpen('127.0.0.1', 5432)) {
    throw new Error(
      `PostgreSQL answers on 127.0.0.1:5432 but ${POSTGRES_URL_VARIABLE} is not set; run the suite through scripts/test.sh, which sets it.`,
    );
  }
  return undefined;
}
