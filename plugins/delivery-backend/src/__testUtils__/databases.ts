/**
 * Databases for these tests: SQLite always, and the machine's PostgreSQL whenever scripts/test.sh
 * found one (it sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING and
 * RUNWAY_TEST_POSTGRES_ID). The same approach as packages/backend/src/__testUtils__/databases.ts.
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import net from 'node:net';

export function testDatabases(): TestDatabases {
  const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
    | TestDatabaseId
    | undefined;
  return TestDatabases.create({
    ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
  });
}

/** Fails the run when PostgreSQL answers locally but the suite was not told to use it. */
export async function assertPostgresNotSkipped(): Promise<void> {
  if (process.env.RUNWAY_TEST_POSTGRES_ID) return;
  const reachable = await new Promise<boolean>(resolve => {
    const socket = net.connect(5432, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
  });
  if (reachable) {
    throw new Error(
      'PostgreSQL answers on 127.0.0.1:5432 but RUNWAY_TEST_POSTGRES_ID is not set: run the suite with scripts/test.sh so database tests also run on PostgreSQL.',
    );
  }
}
